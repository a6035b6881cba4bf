using Peake.Cluster.Studies;
using Peake.Node.Options;

namespace Peake.Node.Tests.Options;

/// <summary>The flags of issue 5 (ADR 0027): the DICOM gateway, replication pace, the cluster secret.</summary>
public sealed class IngestAndReplicationFlagsTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] values) => FakeEnvironment.Of(values);

    [Fact]
    public void Given_no_new_flags_When_parsed_Then_the_AE_title_is_PEAKE_SITE_quorum_2_duplicates_rejected_and_replication_from_the_config()
    {
        var o = NodeOptionsParser.Parse(["--site", "southeast"], Env());

        Assert.Equal(new IngestFlags("PEAKE_SOUTHEAST", 2, DuplicatePolicy.Reject), o.Ingest);
        Assert.Equal(new ReplicationFlags(null, null, null), o.Replication);
        Assert.Null(o.ClusterSecretFile);
        Assert.Equal(11112, o.DicomPort);
    }

    [Fact]
    public void Given_every_new_flag_When_parsed_Then_each_value_is_read()
    {
        var o = NodeOptionsParser.Parse(
            ["--site", "east", "--ae-title", " ARCHIVE_E1 ", "--write-quorum", "3", "--duplicate-policy", "Keep-Both",
             "--repair-grace", "10s", "--anti-entropy-interval=1.5m", "--scrub-rate", "2.5", "--cluster-secret-file", "/s"],
            Env());

        Assert.Equal(new IngestFlags("ARCHIVE_E1", 3, DuplicatePolicy.KeepBoth), o.Ingest);
        Assert.Equal(new ReplicationFlags(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(90), 2_500_000), o.Replication);
        Assert.Equal("/s", o.ClusterSecretFile);
    }

    [Fact]
    public void Given_PEAKE_variables_When_parsed_Then_they_set_the_new_values_and_flags_win()
    {
        var env = Env(("PEAKE_SITE", "west"), ("PEAKE_WRITE_QUORUM", "1"), ("PEAKE_REPAIR_GRACE", "500ms"),
            ("PEAKE_SCRUB_RATE", "0"), ("PEAKE_AE_TITLE", "FROM_ENV"), ("PEAKE_CLUSTER_SECRET_FILE", "/env-secret"),
            ("PEAKE_DUPLICATE_POLICY", "keep-both"), ("PEAKE_ANTI_ENTROPY_INTERVAL", "1h"));

        var fromEnv = NodeOptionsParser.Parse([], env);
        var flagWins = NodeOptionsParser.Parse(["--write-quorum", "2", "--repair-grace", "2d"], env);

        Assert.Equal(new IngestFlags("FROM_ENV", 1, DuplicatePolicy.KeepBoth), fromEnv.Ingest);
        Assert.Equal(new ReplicationFlags(TimeSpan.FromMilliseconds(500), TimeSpan.FromHours(1), 0), fromEnv.Replication);
        Assert.Equal("/env-secret", fromEnv.ClusterSecretFile);
        Assert.Equal(2, flagWins.Ingest.WriteQuorum);
        Assert.Equal(TimeSpan.FromDays(2), flagWins.Replication.RepairGrace);
    }

    [Theory]
    [InlineData(new[] { "--write-quorum", "0" }, "--write-quorum")]
    [InlineData(new[] { "--write-quorum", "4" }, "--write-quorum")]
    [InlineData(new[] { "--write-quorum", "two" }, "--write-quorum")]
    [InlineData(new[] { "--duplicate-policy", "overwrite" }, "--duplicate-policy")]
    [InlineData(new[] { "--repair-grace", "5" }, "--repair-grace")]
    [InlineData(new[] { "--repair-grace", "0s" }, "--repair-grace")]
    [InlineData(new[] { "--repair-grace", "-5m" }, "--repair-grace")]
    [InlineData(new[] { "--repair-grace", "8d" }, "--repair-grace")]
    [InlineData(new[] { "--anti-entropy-interval", "5 minutes" }, "--anti-entropy-interval")]
    [InlineData(new[] { "--scrub-rate", "-1" }, "--scrub-rate")]
    [InlineData(new[] { "--scrub-rate", "fast" }, "--scrub-rate")]
    [InlineData(new[] { "--ae-title", "THIS_IS_SEVENTEEN" }, "--ae-title")]
    [InlineData(new[] { "--ae-title", "BACK\\SLASH" }, "--ae-title")]
    [InlineData(new[] { "--ae-title", "   " }, "--ae-title")]
    [InlineData(new[] { "--dicom-port", "8558" }, "must differ")]
    [InlineData(new[] { "--dicom-port", "0" }, "--dicom-port")]
    public void Given_a_bad_value_When_parsed_Then_the_message_names_the_flag(string[] args, string mentions)
    {
        var e = Assert.Throws<NodeOptionsException>(() => NodeOptionsParser.Parse(["--site", "east", .. args], Env()));

        Assert.Contains(mentions, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_site_whose_default_AE_title_is_too_long_When_parsed_without_ae_title_Then_it_asks_for_one()
    {
        var e = Assert.Throws<NodeOptionsException>(() => NodeOptionsParser.Parse(["--site", "antarctica-south"], Env()));

        Assert.Contains("pass --ae-title", e.Message, StringComparison.Ordinal);
        Assert.Equal("ANTARCTICA", NodeOptionsParser.Parse(["--site", "antarctica-south", "--ae-title", "ANTARCTICA"], Env()).Ingest.AeTitle);
    }
}
