using Akka.Actor;
using Microsoft.Extensions.Logging;
using Peake.Cluster.Sites;
using Peake.Management.Replication;
using Peake.Node.Options;
using Peake.Replication.Coordinator;
using Peake.Retrieval;
using Peake.Storage;
using Peake.Transfer;

namespace Peake.Node.Retrieval;

/// <summary>
/// The node's <see cref="ClusterRetrieveSource"/> (C-GET, C-MOVE, WADO-RS): its own blob store first, then the
/// coordinator's live copies nearest first, then the other live nodes (<see cref="CopyLocator"/>), spooled under
/// &lt;data&gt;/spool (apart from the blob store: a spooled copy is a reader's scratch, never a replica). Until
/// replication has started, only local copies are readable.
/// </summary>
internal static class NodeRetrieval
{
    public const string SpoolFolder = "spool";

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public static ClusterRetrieveSource Source(
        NodeOptions options, BlobStore store, ReplicationSource replication, SiteMap sites, BlobTransferClient client, ILogger log)
    {
        // One locator for the node's life (replication starts once): it remembers a coordinator that did not answer.
        CopyLocator? shared = null;
        async Task<IReadOnlyList<Uri>> Sources(string hash, CancellationToken cancellationToken)
        {
            if (replication.Current is not { } handles)
                return [];
            var locator = shared ??= new CopyLocator(handles.CoordinatorProxy, handles.Directory, sites, options.SelfAddress, options.Site, AskTimeout);
            var wasUnavailable = locator.CoordinatorUnavailable;
            var sources = await locator.NearestFirstAsync(hash, cancellationToken).ConfigureAwait(false);
            if (locator.CoordinatorUnavailable && !wasUnavailable)
            {
                log.LogWarning("The replication coordinator did not answer a copy lookup (a fail-over?): reads ask every live node for {Seconds} s",
                    CopyLocator.UnavailableFor.TotalSeconds);
            }
            return sources;
        }
        return new ClusterRetrieveSource(store, Sources, client, new RetrievalOptions(Path.Combine(options.DataDir, SpoolFolder)), log);
    }
}
