using Akka.Actor;
using Peake.Cluster.Sites;
using Peake.Replication.Nodes;
using Peake.Replication.Placement;

namespace Peake.Replication.Coordinator;

/// <summary>
/// Where a reader finds a blob's other copies: the live holders the coordinator knows, this node left out (a reader
/// tries its own disk first), ordered nearest first from this node's site (the same site, then the nearest sites), as
/// transfer endpoints. A holder the directory does not list (it left, or has no endpoint yet) cannot be read from.
/// </summary>
public sealed class CopyLocator(IActorRef coordinatorProxy, INodeDirectory directory, SiteMap sites, string selfAddress, string selfSite, TimeSpan askTimeout)
{
    public async Task<IReadOnlyList<Uri>> NearestFirstAsync(string hash, CancellationToken cancellationToken)
    {
        var view = await coordinatorProxy.Ask<CopiesView>(new GetCopies([hash]), askTimeout, cancellationToken).ConfigureAwait(false);
        return Order(view.Entries.SingleOrDefault(e => e.Hash == hash)?.Copies ?? [], directory, sites, selfAddress, selfSite);
    }

    /// <summary>The holders' endpoints nearest first (exposed for tests: the ordering without a cluster).</summary>
    public static IReadOnlyList<Uri> Order(IEnumerable<NodeRef> holders, INodeDirectory directory, SiteMap sites, string selfAddress, string selfSite)
    {
        var known = holders
            .Where(h => h.Address != selfAddress)
            .Select(h => directory.Find(h.Address))
            .OfType<NodeInfo>()
            .Where(n => Uri.IsWellFormedUriString(n.TransferUrl, UriKind.Absolute));
        return [.. ReplicaPlacement.Rank(selfSite, known, sites).Select(n => new Uri(n.TransferUrl))];
    }
}
