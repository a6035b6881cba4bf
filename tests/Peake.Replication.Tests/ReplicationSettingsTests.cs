using Akka.Configuration;

namespace Peake.Replication.Tests;

public sealed class ReplicationSettingsTests
{
    [Fact]
    public void Given_hocon_When_read_Then_every_value_is_taken_and_the_rest_keep_their_defaults()
    {
        var settings = ReplicationSettings.FromConfig(ConfigurationFactory.ParseString("""
            peake.replication { copies = 3, grace = 10s, repair-concurrency = 2, repairs-per-second = 5.5, anti-entropy-interval = 1m }
            """));

        Assert.Equal(TimeSpan.FromSeconds(10), settings.Grace);
        Assert.Equal(2, settings.RepairConcurrency);
        Assert.Equal(5.5, settings.RepairsPerSecond);
        Assert.Equal(TimeSpan.FromMinutes(1), settings.AntiEntropyInterval);
        Assert.Equal(TimeSpan.FromHours(24), settings.OrphanGrace);
        Assert.Equal(TimeSpan.FromMinutes(5), ReplicationSettings.FromConfig(ConfigurationFactory.Empty).Grace);
    }

    [Fact]
    public void Given_a_value_out_of_range_Then_reading_fails_naming_it()
    {
        var e = Assert.Throws<ArgumentException>(() => ReplicationSettings.FromConfig(ConfigurationFactory.ParseString("peake.replication.repair-concurrency = 0")));
        Assert.Contains("repair-concurrency", e.Message, StringComparison.Ordinal);
    }

    // #6: deadlines grow with the blob's size.
    [Fact]
    public void Given_a_large_blob_Then_its_transfer_deadline_grows_with_its_size_at_the_minimum_rate()
    {
        var settings = ReplicationSettings.FromConfig(ConfigurationFactory.ParseString("""
            peake.replication { request-timeout = 2m, min-transfer-bytes-per-second = 10485760, sweep-idle-timeout = 5m, catalog-rebuild-interval = 3h }
            """));
        Assert.Equal(TimeSpan.FromMinutes(2), settings.TransferDeadline(0));
        Assert.Equal(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(204.8), settings.TransferDeadline(2L * 1024 * 1024 * 1024));
        Assert.Equal(TimeSpan.FromMinutes(5), settings.SweepIdleTimeout);
        Assert.Equal(TimeSpan.FromHours(3), settings.CatalogRebuildInterval);
    }
}
