using Akka.Actor;
using Peake.Cluster.Sites;
using Peake.Replication.Nodes;
using Peake.Replication.Placement;

namespace Peake.Replication.Coordinator;

/// <summary>
/// Where a reader finds a blob's other copies, as transfer endpoints, this node left out (a reader tries its own disk
/// first): the live holders the coordinator knows, nearest first from this node's site (the same site, then the nearest
/// sites), then every other live node, nearest first too. A holder the directory does not list (it left, or has no
/// endpoint yet) cannot be read from.
/// <para>
/// The other live nodes come last because the coordinator's view can be short of the truth: just after a fail-over
/// its copy map is empty until the nodes report their inventories, and while it moves it does not answer at all. A
/// node without the blob answers 404 at once and every download is hash-checked, so asking it is safe. An unanswered
/// ask marks the coordinator unavailable for <see cref="UnavailableFor"/>: the lookups of a 300-instance retrieve
/// during a fail-over then go straight to the live nodes instead of waiting one ask timeout each.
/// </para>
/// </summary>
public sealed class CopyLocator(
    IActorRef coordinatorProxy, INodeDirectory directory, SiteMap sites, string selfAddress, string selfSite, TimeSpan askTimeout,
    TimeProvider? time = null)
{
    /// <summary>How long an unanswered copy lookup keeps the next lookups from asking the coordinator.</summary>
    public static readonly TimeSpan UnavailableFor = TimeSpan.FromSeconds(10);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private long _askAgainAfterTicks;

    /// <summary>True while an unanswered lookup keeps the coordinator out of the next ones.</summary>
    public bool CoordinatorUnavailable => _time.GetUtcNow().UtcTicks < Interlocked.Read(ref _askAgainAfterTicks);

    public async Task<IReadOnlyList<Uri>> NearestFirstAsync(string hash, CancellationToken cancellationToken)
    {
        if (CoordinatorUnavailable)
            return Order([], directory, sites, selfAddress, selfSite, othersToo: true);
        NodeRef[] holders;
        try
        {
            var view = await coordinatorProxy.Ask<CopiesView>(new GetCopies([hash]), askTimeout, cancellationToken).ConfigureAwait(false);
            holders = view.Entries.SingleOrDefault(e => e.Hash == hash)?.Copies ?? [];
        }
        catch (AskTimeoutException)
        {
            Interlocked.Exchange(ref _askAgainAfterTicks, (_time.GetUtcNow() + UnavailableFor).UtcTicks);
            holders = [];
        }
        return Order(holders, directory, sites, selfAddress, selfSite, othersToo: true);
    }

    /// <summary>
    /// The holders' endpoints nearest first, then (with <paramref name="othersToo"/>) the other live nodes' nearest
    /// first (exposed for tests: the ordering without a cluster).
    /// </summary>
    public static IReadOnlyList<Uri> Order(
        IEnumerable<NodeRef> holders, INodeDirectory directory, SiteMap sites, string selfAddress, string selfSite, bool othersToo = false)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var known = holders
            .Select(h => directory.Find(h.Address))
            .OfType<NodeInfo>()
            .ToList();
        var others = othersToo ? directory.Live.Where(n => !known.Any(k => k.Address == n.Address)) : [];
        return [.. Endpoints(known).Concat(Endpoints(others))];

        IEnumerable<Uri> Endpoints(IEnumerable<NodeInfo> nodes) => ReplicaPlacement
            .Rank(selfSite, nodes.Where(n => n.Address != selfAddress && Uri.IsWellFormedUriString(n.TransferUrl, UriKind.Absolute)), sites)
            .Select(n => new Uri(n.TransferUrl));
    }
}
