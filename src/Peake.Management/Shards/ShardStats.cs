using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Peake.Management.Shards;

/// <summary>Cluster-wide shard statistics of one type, asked of the local region (which asks every region).</summary>
internal static class ShardStats
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static Task<ClusterShardingStats> Of(IActorRef region, CancellationToken cancellationToken) =>
        // The region gives each region Timeout to answer, then lists the silent ones as failed; we wait a bit longer.
        region.Ask<ClusterShardingStats>(new GetClusterShardingStats(Timeout), Timeout + TimeSpan.FromSeconds(2), cancellationToken);
}
