using Akka.Cluster;
using Peake.Cluster.Sites;
using Peake.Management.Contracts;

namespace Peake.Management.Members;

/// <summary>Turns this node's cluster state into the GET /cluster/members answer.</summary>
internal static class MembersView
{
    public static MembersResponse Of(Akka.Cluster.Cluster cluster)
    {
        var state = cluster.State;
        var members = state.Members.OrderBy(m => m.Address.ToString(), StringComparer.Ordinal).ToList();
        // The oldest Up (or leaving) member hosts the cluster singletons, the sharding coordinators among them.
        var oldest = members
            .Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving)
            .Aggregate((Member?)null, (old, m) => old is null || m.IsOlderThan(old) ? m : old);
        var observers = ReachabilityObservers.Of(cluster);
        return new MembersResponse(
            cluster.SelfAddress.ToString(),
            state.Leader?.ToString(),
            oldest?.Address.ToString(),
            [.. members.Select(m => new MemberDto(
                m.Address.ToString(), m.Status.ToString(), [.. m.Roles.Order(StringComparer.Ordinal)],
                SiteRole.SiteOf(m.Roles), !state.Unreachable.Contains(m)))],
            [.. state.Unreachable
                .OrderBy(m => m.Address.ToString(), StringComparer.Ordinal)
                .Select(m => new UnreachableDto(m.Address.ToString(), observers(m)))]);
    }
}
