using Akka.Cluster;

namespace Peake.Cluster.Sharding;

/// <summary>What placement needs to know of a cluster member: its address, site, status and reachability.</summary>
public sealed record MemberView(string Address, string? Site, MemberStatus Status, bool Reachable)
{
    /// <summary>A member that may be given new shards: reachable and Up (or WeaklyUp, which is Up not yet seen by all).</summary>
    public bool CanHost => Reachable && Status is MemberStatus.Up or MemberStatus.WeaklyUp;
}
