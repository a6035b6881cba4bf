using System.Globalization;
using System.Text;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;
using Akka.DistributedData;
using Peake.Cluster.Persistence;
using Peake.Cluster.Serialization;
using Peake.Cluster.Sites;
using Peake.Node.Options;
using Peake.Node.Storage;
using Peake.Replication;

namespace Peake.Node.Configuration;

/// <summary>
/// The node's whole HOCON, highest precedence first: --hocon overrides, this node's identity (address, role,
/// seeds), persistence from --db, cluster-config/common.conf, then the defaults of our serializer and of the Akka
/// modules (their bindings must be known before the first remote message, not when an extension loads).
/// </summary>
internal static class NodeConfig
{
    public static Config Build(NodeOptions options, string configDir, SiteMap sites, JournalDatabase database)
    {
        if (!sites.TryGet(options.Site, out _))
        {
            throw new NodeOptionsException(
                $"--site '{options.Site}' is not in {Path.Combine(configDir, ClusterConfigDirectory.SitesFile)} " +
                $"(sites: {string.Join(", ", sites.Sites.Select(s => s.Name))})");
        }
        var config = ConfigurationFactory.Empty;
        foreach (var hocon in options.HoconOverrides)
            config = config.WithFallback(Parse(hocon, "--hocon"));
        return config
            .WithFallback(Identity(options))
            .WithFallback(PersistenceHocon.For(database))
            .WithFallback(Parse(File.ReadAllText(Path.Combine(configDir, ClusterConfigDirectory.CommonFile)), ClusterConfigDirectory.CommonFile))
            .WithFallback(PeakeSerialization.Config)
            .WithFallback(ClusterSharding.DefaultConfig())
            .WithFallback(ClusterSingleton.DefaultConfig())
            .WithFallback(DistributedData.DefaultConfig());
    }

    public static int BucketsPerSite(Config config)
    {
        var buckets = config.GetInt("peake.sharding.buckets-per-site", 0);
        return buckets >= 1 ? buckets : throw new NodeOptionsException("peake.sharding.buckets-per-site must be at least 1");
    }

    /// <summary>peake.query.max-results: most matches per C-FIND and most results per QIDO-RS response (ADR 0034).</summary>
    public static int MaxQueryResults(Config config)
    {
        var max = config.GetInt("peake.query.max-results", 10_000);
        return max >= 1 ? max : throw new NodeOptionsException($"peake.query.max-results must be at least 1, not {max}");
    }

    // A node without --seed joins itself: a one-node cluster, the start of a new cluster (the first seed must be
    // the node itself for the same reason: only the first seed may form a cluster alone).
    // The replication and scrub flags land here too, so that the settings are read from one place (HOCON) whether
    // they came from common.conf, a flag or --hocon.
    private static Config Identity(NodeOptions options)
    {
        var seeds = options.Seeds.Count > 0 ? options.Seeds : [options.SelfAddress];
        var text = new StringBuilder($"""
            akka.remote.dot-netty.tcp.hostname = {Quote(options.Host)}
            akka.remote.dot-netty.tcp.port = {options.RemotingPort}
            akka.cluster.roles = [{Quote(SiteRole.For(options.Site))}]
            akka.cluster.seed-nodes = [{string.Join(", ", seeds.Select(Quote))}]

            """);
        var r = options.Replication;
        if (r.RepairGrace is { } grace)
            text.AppendLine(CultureInfo.InvariantCulture, $"{ReplicationSettings.ConfigPath}.grace = {Milliseconds(grace)}");
        if (r.AntiEntropyInterval is { } sweep)
            text.AppendLine(CultureInfo.InvariantCulture, $"{ReplicationSettings.ConfigPath}.anti-entropy-interval = {Milliseconds(sweep)}");
        if (r.ScrubBytesPerSecond is { } rate)
            text.AppendLine(CultureInfo.InvariantCulture, $"{ScrubConfig.ConfigPath}.bytes-per-second = {rate}");
        return ConfigurationFactory.ParseString(text.ToString());
    }

    private static string Milliseconds(TimeSpan value) =>
        ((long)Math.Round(value.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms";

    internal static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static Config Parse(string hocon, string source)
    {
        try
        {
            return ConfigurationFactory.ParseString(hocon);
        }
        catch (Exception e) when (e is ConfigurationException or FormatException)
        {
            throw new NodeOptionsException($"{source}: not valid HOCON: {e.Message}");
        }
    }
}
