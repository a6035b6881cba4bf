using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Peake.Cluster.Sites;

namespace Peake.Cluster.Sharding;

/// <summary>
/// Akka's allocation hook for site-affine shards: it only turns the coordinator's region refs and the cluster state
/// into <see cref="RegionView{TRegion}"/>s and asks <see cref="ShardPlacement"/>. Runs inside the coordinator
/// singleton, so it never blocks and answers synchronously.
/// </summary>
public sealed class SiteAwareAllocationStrategy(SiteMap sites, int maxHandOffsPerRound = 3)
    : IShardAllocationStrategy, IActorSystemDependentAllocationStrategy
{
    private readonly NearestSites _nearest = new(sites);
    private Akka.Cluster.Cluster? _cluster;

    public int MaxHandOffsPerRound { get; } = maxHandOffsPerRound >= 1
        ? maxHandOffsPerRound
        : throw new ArgumentOutOfRangeException(nameof(maxHandOffsPerRound), maxHandOffsPerRound, "at least one");

    public void Start(ActorSystem system) => _cluster = Akka.Cluster.Cluster.Get(system);

    public Task<IActorRef> AllocateShard(
        IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations)
    {
        var chosen = ShardPlacement.Allocate(shardId, RegionViews(currentShardAllocations), _nearest);
        // The contract: answer one of the known regions; the requester is one when the map knows no member yet.
        return Task.FromResult(chosen ?? requester);
    }

    public Task<IImmutableSet<string>> Rebalance(
        IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations, IImmutableSet<string> rebalanceInProgress)
    {
        var cluster = Cluster;
        var state = cluster.State;
        var members = state.Members.Select(m => View(m, state.Unreachable)).ToList();
        var shards = ShardPlacement.Rebalance(
            RegionViews(currentShardAllocations), members, rebalanceInProgress.ToHashSet(), _nearest, MaxHandOffsPerRound);
        return Task.FromResult<IImmutableSet<string>>(shards.ToImmutableHashSet(StringComparer.Ordinal));
    }

    private Akka.Cluster.Cluster Cluster =>
        _cluster ?? throw new InvalidOperationException("the coordinator has not started the allocation strategy");

    // A region's member: the local one is the coordinator's own node (its ref has no remote address); others are
    // looked up by address. Regions whose member has already left the state are skipped.
    private List<RegionView<IActorRef>> RegionViews(IImmutableDictionary<IActorRef, IImmutableList<string>> allocations)
    {
        var cluster = Cluster;
        var state = cluster.State;
        var byAddress = state.Members.ToDictionary(m => m.Address);
        var views = new List<RegionView<IActorRef>>(allocations.Count);
        foreach (var (region, shards) in allocations)
        {
            var address = region.Path.Address;
            var member = address.HasLocalScope ? cluster.SelfMember : byAddress.GetValueOrDefault(address);
            if (member is not null)
                views.Add(new RegionView<IActorRef>(region, View(member, state.Unreachable), shards));
        }
        return views;
    }

    private static MemberView View(Akka.Cluster.Member member, IImmutableSet<Akka.Cluster.Member> unreachable) =>
        new(member.Address.ToString(), SiteRole.SiteOf(member.Roles), member.Status, !unreachable.Contains(member));
}
