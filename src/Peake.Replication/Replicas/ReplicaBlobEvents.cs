using Akka.Actor;
using Peake.Storage;
using Peake.Transfer;

namespace Peake.Replication.Replicas;

/// <summary>
/// Passes the transfer endpoint's and the scrubber's findings to this node's replica actor, which tells the coordinator.
/// The endpoint is mapped before replication starts, so the replica is attached later; findings before that are
/// dropped (the coordinator's inventory sweep finds them anyway).
/// </summary>
public sealed class ReplicaBlobEvents : IBlobTransferEvents
{
    private volatile IActorRef? _replica;

    public void Attach(IActorRef replica) => _replica = replica;

    public void Stored(BlobInfo blob) => _replica?.Tell(new ReportStored(blob.Hash, blob.Size));

    public void Corrupt(string hash) => _replica?.Tell(new ReportCorrupt(hash));

    /// <summary>For <c>BlobScrubber.RunAsync</c>'s <c>onCorrupt</c>.</summary>
    public ValueTask OnScrubCorrupt(string hash)
    {
        Corrupt(hash);
        return ValueTask.CompletedTask;
    }
}
