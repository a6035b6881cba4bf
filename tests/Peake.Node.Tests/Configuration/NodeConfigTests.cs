using Peake.Cluster.Sites;
using Peake.Node.Configuration;
using Peake.Node.Options;
using Peake.Node.Persistence;

namespace Peake.Node.Tests.Configuration;

/// <summary>The HOCON a node starts with, built from the repository's own cluster-config/.</summary>
public sealed class NodeConfigTests
{
    private static readonly string ConfigDir = Path.Combine(Path.GetDirectoryName(Cluster.NodeBinary.Path)!, "cluster-config");
    private static readonly SiteMap Sites = SiteMap.Load(Path.Combine(ConfigDir, "sites.conf"));

    private static NodeOptions Options(string site = "east", IReadOnlyList<string>? seeds = null, IReadOnlyList<string>? hocon = null) =>
        new(site, "127.0.0.7", 4100, 8600, 11112, seeds ?? [], Path.Combine(Path.GetTempPath(), "peake-config-test"),
            DatabaseKind.Sqlite, null, null, null, hocon ?? []);

    private static Akka.Configuration.Config Build(NodeOptions options) =>
        NodeConfig.Build(options, ConfigDir, Sites, NodeDatabase.For(options));

    [Fact]
    public void Given_a_site_and_seeds_Then_the_node_carries_its_role_address_and_seeds_over_the_common_settings()
    {
        var config = Build(Options(seeds: ["akka.tcp://peake@127.0.0.2:4053"]));

        Assert.Equal(["site-east"], config.GetStringList("akka.cluster.roles"));
        Assert.Equal(["akka.tcp://peake@127.0.0.2:4053"], config.GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal("127.0.0.7", config.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal(4100, config.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal("keep-majority", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal("ddata", config.GetString("akka.cluster.sharding.state-store-mode"));
        Assert.Equal("SQLite.MS", config.GetString("akka.persistence.journal.sql.provider-name"));
        Assert.Equal(1, config.GetInt("akka.persistence.journal.sql.parallelism"));
        Assert.Equal("peake", config.GetString("akka.actor.serialization-bindings.\"Peake.Cluster.Serialization.IPeakeMessage, Peake.Cluster\""));
        Assert.Equal(32, NodeConfig.BucketsPerSite(config));
    }

    [Fact]
    public void Given_common_conf_Then_a_query_answers_at_most_10000_results_and_hocon_can_change_it_but_not_to_0()
    {
        Assert.Equal(10_000, NodeConfig.MaxQueryResults(Build(Options())));
        Assert.Equal(25, NodeConfig.MaxQueryResults(Build(Options(hocon: ["peake.query.max-results = 25"]))));
        var zero = Assert.Throws<NodeOptionsException>(() => NodeConfig.MaxQueryResults(Build(Options(hocon: ["peake.query.max-results = 0"]))));
        Assert.Contains("peake.query.max-results", zero.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_no_replication_flags_Then_common_conf_defaults_apply_and_the_scrubber_runs_at_20_MB_per_s()
    {
        var config = Build(Options());

        var settings = Peake.Replication.ReplicationSettings.FromConfig(config);
        Assert.Equal(3, settings.Copies);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.Grace);
        Assert.Equal(20_000_000, Peake.Node.Storage.ScrubConfig.From(config)!.BytesPerSecond);
    }

    [Fact]
    public void Given_replication_flags_Then_they_win_over_common_conf_and_a_scrub_rate_of_0_turns_the_scrubber_off()
    {
        var options = Options() with
        {
            Replication = new ReplicationFlags(TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(1500), 0),
        };

        var config = Build(options);

        var settings = Peake.Replication.ReplicationSettings.FromConfig(config);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.Grace);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), settings.AntiEntropyInterval);
        Assert.Null(Peake.Node.Storage.ScrubConfig.From(config));
    }

    [Fact]
    public void Given_no_seed_Then_the_node_seeds_itself() =>
        Assert.Equal(["akka.tcp://peake@127.0.0.7:4100"],
            Build(Options()).GetStringList("akka.cluster.seed-nodes"));

    [Fact]
    public void Given_a_hocon_override_Then_it_wins_over_common_conf() =>
        Assert.Equal(TimeSpan.FromSeconds(5), Build(Options(hocon: ["akka.cluster.split-brain-resolver.stable-after = 5s"]))
            .GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));

    [Fact]
    public void Given_an_unknown_site_Then_the_node_refuses_naming_the_known_ones()
    {
        var e = Assert.Throws<NodeOptionsException>(() => Build(Options(site: "atlantis")));
        Assert.Contains("east, southeast, central, south, west, northwest", e.Message, StringComparison.Ordinal);
    }

    // Akka 1.5's HOCON parser accepts most malformed text silently (unbalanced braces parse); an unresolved
    // substitution is one error it does report, and the node must turn it into a refusal, not a stack trace.
    [Fact]
    public void Given_an_override_Akka_cannot_parse_Then_the_node_refuses()
    {
        var e = Assert.Throws<NodeOptionsException>(() => Build(Options(hocon: ["a = ${nope}"])));
        Assert.Contains("--hocon", e.Message, StringComparison.Ordinal);
    }
}
