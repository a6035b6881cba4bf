using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
using Peake.Cluster.Sites;
using Peake.Replication.Coordinator;
using Peake.Replication.Nodes;
using Peake.Replication.Quorum;
using Peake.Replication.Replicas;
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
        ReplicationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        // The node's identity is its cluster address, whatever the caller filled in.
        self = self with { Address = Akka.Cluster.Cluster.Get(system).SelfAddress.ToString() };

        var directory = new NodeDirectory();
        system.ActorOf(NodeDirectoryActor.Props(directory, settings.DirectoryRefresh), DirectoryName);

        system.ActorOf(
            ClusterSingletonManager.Props(
                ReplicationCoordinator.Props(settings, sites, directory, client),
                PoisonPill.Instance,
                ClusterSingletonManagerSettings.Create(system)),
            CoordinatorName);
        var proxy = system.ActorOf(
            ClusterSingletonProxy.Props($"/user/{CoordinatorName}", ClusterSingletonProxySettings.Create(system)),
            CoordinatorProxyName);

        var replica = system.ActorOf(ReplicaActor.Props(store, self, client, directory, proxy, settings), ReplicaName);
        var writer = new QuorumWriter(system, self, directory, sites, proxy, settings);
        return Task.FromResult(new ReplicationHandles(replica, directory, proxy, writer));
    }
}
