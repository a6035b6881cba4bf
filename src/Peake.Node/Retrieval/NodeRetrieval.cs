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
/// coordinator's live copies nearest first, spooled under &lt;data&gt;/spool (apart from the blob store: a spooled
/// copy is a reader's scratch, never a replica). Until replication has started, only local copies are readable.
/// </summary>
internal static class NodeRetrieval
{
    public const string SpoolFolder = "spool";

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public static ClusterRetrieveSource Source(
        NodeOptions options, BlobStore store, ReplicationSource replication, SiteMap sites, BlobTransferClient client, ILogger log)
    {
        async Task<IReadOnlyList<Uri>> Sources(string hash, CancellationToken cancellationToken)
        {
            if (replication.Current is not { } handles)
                return [];
            var locator = new CopyLocator(handles.CoordinatorProxy, handles.Directory, sites, options.SelfAddress, options.Site, AskTimeout);
            try
            {
                return await locator.NearestFirstAsync(hash, cancellationToken).ConfigureAwait(false);
            }
            catch (AskTimeoutException)
            {
                // The coordinator is moving (a fail-over): no copy list now; the read fails and may be retried.
                log.LogWarning("No copy list for blob {Hash}: the replication coordinator did not answer", hash);
                return [];
            }
        }
        return new ClusterRetrieveSource(store, Sources, client, new RetrievalOptions(Path.Combine(options.DataDir, SpoolFolder)), log);
    }
}
