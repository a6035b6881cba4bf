using Akka.Configuration;
using Peake.Cluster.Sites;
using Peake.Node.Tests.Cluster;

namespace Peake.Node.Tests.Chaos;

/// <summary>The cluster-config the nodes under test read (the copy next to the peake-node binary), read the same way.</summary>
internal static class ClusterConfigFiles
{
    public static readonly string Dir = Path.Combine(Path.GetDirectoryName(NodeBinary.Path)!, "cluster-config");

    public static SiteMap Sites { get; } = SiteMap.Load(Path.Combine(Dir, "sites.conf"));

    /// <summary>peake.sharding.buckets-per-site of common.conf: the test computes shard ids as the nodes do.</summary>
    public static int BucketsPerSite { get; } =
        ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(Dir, "common.conf"))).GetInt("peake.sharding.buckets-per-site");
}
