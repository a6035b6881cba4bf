using Akka.Actor;
using Peake.Cluster.Sites;
using Peake.Storage;
using Peake.Transfer;

namespace Peake.Replication;

/// <summary>
/// Starts replication on a node: the node directory (<c>/user/node-directory</c>), the replica actor
/// (<c>/user/replica</c>), the coordinator singleton (<c>replication-coordinator</c>, proxy at
/// <c>/user/replication-coordinator-proxy</c>) and the quorum writer. The ActorSystem must be a cluster member with a
/// <c>site-*</c> role and the SQL journal's query plugin configured (the coordinator reads the catalog from it).
/// </summary>
public static class ReplicationStartup
{
    public const string ReplicaName = "replica";
    public const string DirectoryName = "node-directory";
    public const string CoordinatorName = "replication-coordinator";
    public const string CoordinatorProxyName = "replication-coordinator-proxy";

    public static Task<ReplicationHandles> StartAsync(
        ActorSystem system,
        SiteMap sites,
        BlobStore store,
        NodeInfo self,
        BlobTransferClient client,
        ReplicationSettings settings) => throw new NotImplementedException();
}
