using Akka.Actor;
using Peake.Ingest.Headers;
using Peake.Storage;

namespace Peake.Ingest.Associations;

// Local messages between an association's store sinks and its AssociationActor: they carry an open PendingBlob, so they
// never leave the node (bytes never travel through Akka remoting, ARCHITECTURE data path 1).

/// <summary>
/// A data set fully received into <paramref name="Blob"/> (File Meta + data set, not yet committed) with its parsed
/// header. The actor owns the blob once it claims it through <paramref name="HandOver"/>: it then commits it or disposes
/// it, whatever the outcome. When the sink gave up first (its wait ended), the actor must not touch the blob.
/// </summary>
internal sealed record StoreInstance(InstanceHeader Header, PendingBlob Blob, string TransferSyntaxUid, BlobHandOver HandOver) : INoSerializationVerificationNeeded;

/// <summary>The C-STORE-RSP status for a <see cref="StoreInstance"/>, and the Error Comment when it is not success.</summary>
internal sealed record StoreOutcome(ushort Status, string? Comment) : INoSerializationVerificationNeeded
{
    public static readonly StoreOutcome Stored = new(IngestStatus.Success, null);
}
