using System.Diagnostics;
using Peake.Replication.Tests.Harness;
using Peake.Storage;

namespace Peake.Replication.Tests;

[Collection(ClusterTests.Name)]
public sealed class FollowUpTests
{
    [Fact]
    public async Task Given_a_slow_tick_When_many_new_ingests_are_catalogued_Then_their_third_copies_start_as_follow_up_slots_free_not_one_batch_per_tick()
    {
        // Two follow-up slots and a 5 s tick: planned only on ticks, 16 third copies took 10 s here (1 s when started as
        // slots free).
        var settings = ReplicationCluster.Fast() with { Tick = TimeSpan.FromSeconds(5), FollowUpConcurrency = 2 };
        await using var cluster = new ReplicationCluster(settings);
        var nodes = await cluster.StartAsync("north", "north", "middle");
        var writer = nodes[0];
        // The first ingest waits for the coordinator to be ready (catalog caught up, every inventory read).
        await cluster.CopiesSettledAsync(await IngestAsync(cluster, writer), 3);

        var clock = Stopwatch.StartNew();
        var blobs = new List<BlobInfo>();
        for (var i = 0; i < 16; i++)
            blobs.Add(await IngestAsync(cluster, writer));
        foreach (var blob in blobs)
            await cluster.CopiesSettledAsync(blob, 3);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"16 ingests and their third copies took {clock.Elapsed}");
    }

    [Fact]
    public async Task Given_an_ingest_catalogued_before_its_quorum_copies_are_reported_When_they_are_Then_its_third_copy_starts_without_waiting_for_the_tick()
    {
        // A 15 s tick: the warm-up settles just after one, so a third copy left to the plan would wait about 15 s.
        var settings = ReplicationCluster.Fast() with { Tick = TimeSpan.FromSeconds(15) };
        await using var cluster = new ReplicationCluster(settings);
        var nodes = await cluster.StartAsync("north", "north", "middle");
        var writer = nodes[0];
        await cluster.CopiesSettledAsync(await IngestAsync(cluster, writer), 3);

        var bytes = ReplicationCluster.RandomBytes(100_000);
        var early = new BlobInfo(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), bytes.Length);
        await cluster.CatalogueAsync(early, "north");
        await Eventually.Until(async () => (await cluster.ReportAsync()).Instances == 2, TimeSpan.FromSeconds(10));
        var clock = Stopwatch.StartNew();
        var blob = await writer.Store.WriteAsync(new MemoryStream(bytes));
        await writer.Handles.QuorumWriter.ReplicateAsync(blob, "north", 2, TimeSpan.FromSeconds(20), CancellationToken.None);
        await cluster.CopiesSettledAsync(blob, 3);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), $"the third copy took {clock.Elapsed}");
    }

    // As the gateway does: durable locally, quorum of two, then the catalog event.
    private static async Task<BlobInfo> IngestAsync(ReplicationCluster cluster, ReplicationNode writer)
    {
        var blob = await writer.Store.WriteAsync(new MemoryStream(ReplicationCluster.RandomBytes(100_000)));
        await writer.Handles.QuorumWriter.ReplicateAsync(blob, "north", 2, TimeSpan.FromSeconds(20), CancellationToken.None);
        await cluster.CatalogueAsync(blob, "north");
        return blob;
    }
}
