using Akka.Actor;
using Peake.Storage;
using Peake.Transfer;

namespace Peake.Replication;

/// <summary>The node's blob store as an actor (<c>/user/replica</c>): fetch from peers, verify, delete, describe the node.</summary>
public sealed class ReplicaActor : ReceiveActor
{
    public static Props Props(BlobStore store, NodeInfo self, BlobTransferClient client, INodeDirectory directory, IActorRef coordinatorProxy) =>
        throw new NotImplementedException();
}
