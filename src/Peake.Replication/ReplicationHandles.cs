using Akka.Actor;
using Peake.Replication.Nodes;
using Peake.Replication.Quorum;

namespace Peake.Replication;

/// <summary>What <see cref="ReplicationStartup.StartAsync"/> started on this node, for the ingest gateway and the management routes.</summary>
public sealed record ReplicationHandles(IActorRef Replica, INodeDirectory Directory, IActorRef CoordinatorProxy, IQuorumWriter QuorumWriter);
