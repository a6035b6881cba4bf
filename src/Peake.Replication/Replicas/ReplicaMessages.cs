using MessagePack;
using Peake.Cluster.Serialization;

namespace Peake.Replication.Replicas;

// The protocol of ReplicaActor (/user/replica on every node). Metadata only: the bytes of a fetch travel over the
// nodes' HTTP transfer endpoint (Peake.Transfer), never through Akka remoting. Manifests never change once shipped.

/// <summary>Fetch the blob from the first of <paramref name="SourceAddresses"/> that serves it; answered with
/// <see cref="BlobFetched"/> (also when the blob was already here) or <see cref="BlobFetchFailed"/>.</summary>
[MessagePackObject, PeakeManifest("repl-fetch")]
public sealed record FetchBlob(
    [property: Key(0)] string Hash,
    [property: Key(1)] long Size,
    [property: Key(2)] string[] SourceAddresses) : IPeakeMessage
{
    /// <summary>A quorum write or the follow-up copy of a new ingest: runs before queued repairs, and one fetch slot is
    /// kept for such fetches only.</summary>
    [Key(3)]
    public bool Urgent { get; init; }
}

[MessagePackObject, PeakeManifest("repl-fetched")]
public sealed record BlobFetched([property: Key(0)] string Hash, [property: Key(1)] string NodeAddress) : IPeakeMessage;

[MessagePackObject, PeakeManifest("repl-fetchfail")]
public sealed record BlobFetchFailed(
    [property: Key(0)] string Hash,
    [property: Key(1)] string NodeAddress,
    [property: Key(2)] string Reason) : IPeakeMessage;

/// <summary>Re-hash the local copy; answered with <see cref="BlobVerified"/>. A corrupt copy is quarantined.</summary>
[MessagePackObject, PeakeManifest("repl-verify")]
public sealed record VerifyBlob([property: Key(0)] string Hash) : IPeakeMessage;

public enum BlobCondition
{
    Good = 0,
    Absent = 1,
    Corrupt = 2,
}

[MessagePackObject, PeakeManifest("repl-verified")]
public sealed record BlobVerified([property: Key(0)] string Hash, [property: Key(1)] BlobCondition Condition) : IPeakeMessage;

/// <summary>Delete the local copy (the coordinator's trim, drain and orphan clean-up); answered with <see cref="BlobDeleted"/>.</summary>
[MessagePackObject, PeakeManifest("repl-delete")]
public sealed record DeleteBlob([property: Key(0)] string Hash) : IPeakeMessage;

/// <summary>
/// Delete the local copy of a blob no catalog entry names (orphan clean-up), unless the blob was written or used after
/// <paramref name="NotWrittenAfterUtc"/> (its file time, touched whenever an ingest or a fetch reuses it) or a fetch of
/// it is in progress here. Answered with <see cref="BlobDeleted"/> when deleted; when refused, the node reports the copy
/// again (<see cref="CopyAdded"/>), which restarts the coordinator's orphan clock.
/// </summary>
[MessagePackObject, PeakeManifest("repl-delorphan")]
public sealed record DeleteOrphan([property: Key(0)] string Hash, [property: Key(1)] DateTime NotWrittenAfterUtc) : IPeakeMessage;

[MessagePackObject, PeakeManifest("repl-deleted")]
public sealed record BlobDeleted([property: Key(0)] string Hash, [property: Key(1)] string NodeAddress) : IPeakeMessage;

/// <summary>Answered with this node's current <see cref="NodeInfo"/>.</summary>
[MessagePackObject, PeakeManifest("repl-getnode")]
public sealed record GetNodeInfo : IPeakeMessage
{
    public static readonly GetNodeInfo Instance = new();
}

/// <summary>The coordinator marks (or unmarks) the node as draining; answered with the updated <see cref="NodeInfo"/>.</summary>
[MessagePackObject, PeakeManifest("repl-setdrain")]
public sealed record SetDraining([property: Key(0)] bool Draining) : IPeakeMessage;

/// <summary>Local only: the scrubber or the transfer endpoint found the local copy corrupt (already quarantined).</summary>
public sealed record ReportCorrupt(string Hash) : Akka.Actor.INoSerializationVerificationNeeded;

/// <summary>Local only: the quorum writer of this node is replicating a blob it holds (a new or a retried ingest); the
/// replica touches its file time, so no orphan clean-up decided earlier deletes it, and reports the copy.</summary>
public sealed record ReportIngested(string Hash, long Size) : Akka.Actor.INoSerializationVerificationNeeded;

/// <summary>Local only: the transfer endpoint stored a blob pushed by a peer.</summary>
public sealed record ReportStored(string Hash, long Size) : Akka.Actor.INoSerializationVerificationNeeded;

// Told to the replication coordinator (its proxy) by replica actors and quorum writers.

/// <summary>A good copy of the blob now exists on <paramref name="NodeAddress"/>.</summary>
[MessagePackObject, PeakeManifest("repl-added")]
public sealed record CopyAdded(
    [property: Key(0)] string Hash,
    [property: Key(1)] long Size,
    [property: Key(2)] string NodeAddress) : IPeakeMessage;

public enum LossReason
{
    Corrupt = 0,
    Deleted = 1,
    Missing = 2,
}

/// <summary>The copy on <paramref name="NodeAddress"/> is gone (or was found corrupt and quarantined).</summary>
[MessagePackObject, PeakeManifest("repl-lost")]
public sealed record CopyLost(
    [property: Key(0)] string Hash,
    [property: Key(1)] string NodeAddress,
    [property: Key(2)] LossReason Reason) : IPeakeMessage;
