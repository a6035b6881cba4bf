using Akka.Cluster;
using Peake.Cluster.Sites;

namespace Peake.Cluster.Sharding;

/// <summary>
/// Where a shard lives, as pure functions of a snapshot of the cluster (no actor system, so every rule is unit-tested).
///
/// Allocation: a shard's home site is the prefix of its id. Walk the sites nearest-first from the home site (the home
/// site itself first) and take the first site with a region on a member that can host (reachable, Up or WeaklyUp);
/// inside that site take the region with the fewest shards, ties broken by address, so every node decides alike.
/// A shard whose home is unknown goes to the least loaded host anywhere. With no host at all, any region not
/// leaving is used (the coordinator must get an answer; rebalance corrects it later).
///
/// Rebalance: only when membership is settled (every member reachable and Up), the guard of Akka's own strategies,
/// tightened: moving shards while the failure detector, a join or a departure is in flux causes hand-off storms, and a
/// hand-off from a member already Down (downed before the failure detector noticed it) waits for an answer that never
/// comes (ADR 0019).
/// Then every shard whose region is not on the best site for its home (as allocation would choose it now) is handed
/// off, which brings shards home when their site returns and to a nearer site when one comes back first. At most
/// <c>maxPerRound</c> hand-offs run at once; shards already moving count against it.
/// </summary>
public static class ShardPlacement
{
    public static TRegion? Allocate<TRegion>(string shardId, IReadOnlyCollection<RegionView<TRegion>> regions, NearestSites nearest)
        where TRegion : class
    {
        var hosts = regions.Where(r => r.Member.CanHost).ToList();
        var site = SiteShardId.SiteOf(shardId) is { } home ? BestSite(home, hosts, nearest) : null;
        var pool = site is not null
            ? hosts.Where(r => r.Member.Site == site).ToList()
            : hosts.Count > 0 ? hosts : regions.Where(r => !IsLeaving(r.Member.Status)).ToList();
        return LeastLoaded(pool.Count > 0 ? pool : regions)?.Region;
    }

    public static IReadOnlyList<string> Rebalance<TRegion>(
        IReadOnlyCollection<RegionView<TRegion>> regions,
        IReadOnlyCollection<MemberView> members,
        IReadOnlySet<string> inProgress,
        NearestSites nearest,
        int maxPerRound)
    {
        var budget = maxPerRound - inProgress.Count;
        if (budget <= 0 || !IsSettled(members))
            return [];
        var hosts = regions.Where(r => r.Member.CanHost).ToList();
        return regions
            .SelectMany(r => r.Shards.Select(shard => (Shard: shard, r.Member.Site)))
            .Where(p => !inProgress.Contains(p.Shard))
            .Where(p => SiteShardId.SiteOf(p.Shard) is { } home
                && BestSite(home, hosts, nearest) is { } best
                && best != p.Site)
            .Select(p => p.Shard)
            .Order(StringComparer.Ordinal)
            .Take(budget)
            .ToList();
    }

    /// <summary>True when every member is reachable and Up: the only time shards may be moved.</summary>
    public static bool IsSettled(IEnumerable<MemberView> members) =>
        members.All(m => m.Reachable && m.Status == MemberStatus.Up);

    /// <summary>The nearest site to <paramref name="home"/> (itself first) that has a region able to host.</summary>
    internal static string? BestSite<TRegion>(string home, IReadOnlyCollection<RegionView<TRegion>> hosts, NearestSites nearest) =>
        nearest.From(home).FirstOrDefault(site => hosts.Any(r => r.Member.Site == site));

    private static bool IsLeaving(MemberStatus status) =>
        status is MemberStatus.Leaving or MemberStatus.Exiting or MemberStatus.Down or MemberStatus.Removed;

    private static RegionView<TRegion>? LeastLoaded<TRegion>(IEnumerable<RegionView<TRegion>> regions) =>
        regions
            .OrderBy(r => r.Shards.Count)
            .ThenBy(r => r.Member.Address, StringComparer.Ordinal)
            .FirstOrDefault();
}
