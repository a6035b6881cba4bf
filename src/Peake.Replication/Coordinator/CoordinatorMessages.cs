using MessagePack;
using Peake.Cluster.Serialization;

namespace Peake.Replication.Coordinator;

// The protocol of the replication coordinator (cluster singleton, proxy at /user/replication-coordinator-proxy).

/// <summary>Where the blobs are; answered with <see cref="CopiesView"/>: live, verified-or-reported copies of
/// catalogued blobs only (an uncatalogued hash gets an entry without copies).</summary>
[MessagePackObject, PeakeManifest("repl-getcopies")]
public sealed record GetCopies([property: Key(0)] string[] Hashes) : IPeakeMessage;

[MessagePackObject, PeakeManifest("repl-copies")]
public sealed record CopiesView([property: Key(0)] CopyEntry[] Entries) : IPeakeMessage;

[MessagePackObject]
public sealed record CopyEntry([property: Key(0)] string Hash, [property: Key(1)] NodeRef[] Copies);

[MessagePackObject]
public sealed record NodeRef([property: Key(0)] string Address, [property: Key(1)] string Site);

/// <summary>Answered with <see cref="ReplicaReport"/>.</summary>
[MessagePackObject, PeakeManifest("repl-check")]
public sealed record CheckReplicas : IPeakeMessage
{
    public static readonly CheckReplicas Instance = new();
}

/// <summary>
/// The replication state of the whole archive. Under/over-replicated count live copies (reachable nodes) against the
/// wanted number; <paramref name="Corrupt"/> counts instances with a reported corrupt copy not yet replaced.
/// </summary>
[MessagePackObject, PeakeManifest("repl-report")]
public sealed record ReplicaReport(
    [property: Key(0)] long Instances,
    [property: Key(1)] long UnderReplicated,
    [property: Key(2)] long OverReplicated,
    [property: Key(3)] long Corrupt,
    [property: Key(4)] long RepairsInFlight,
    [property: Key(5)] long Orphans,
    [property: Key(6)] bool CatalogCaughtUp,
    [property: Key(7)] DateTime LastSweepUtc) : IPeakeMessage
{
    /// <summary>Copies made by repairs since this coordinator started (a partition shorter than the grace adds none).</summary>
    [Key(8)]
    public long RepairsCompleted { get; init; }

    /// <summary>Copies removed by trimming over-replication and by drains since this coordinator started.</summary>
    [Key(9)]
    public long CopiesTrimmed { get; init; }

    /// <summary>Instances with enough copies in the wrong places: all on one site while another live site could take one,
    /// or none on the home site while it is live. Each gets a copy where it is missing, then the extra is trimmed.</summary>
    [Key(10)]
    public long Misplaced { get; init; }
}

/// <summary>Move every copy off the node, then delete it there; answered with <see cref="DrainAccepted"/> or
/// <see cref="DrainRefused"/>.</summary>
[MessagePackObject, PeakeManifest("repl-drain")]
public sealed record DrainNode([property: Key(0)] string Address) : IPeakeMessage;

[MessagePackObject, PeakeManifest("repl-drainok")]
public sealed record DrainAccepted([property: Key(0)] string Address, [property: Key(1)] long Copies) : IPeakeMessage;

[MessagePackObject, PeakeManifest("repl-drainno")]
public sealed record DrainRefused([property: Key(0)] string Address, [property: Key(1)] string Reason) : IPeakeMessage;

/// <summary>Answered with <see cref="DrainProgress"/>.</summary>
[MessagePackObject, PeakeManifest("repl-getdrain")]
public sealed record GetDrain([property: Key(0)] string Address) : IPeakeMessage;

[MessagePackObject, PeakeManifest("repl-drainprog")]
public sealed record DrainProgress(
    [property: Key(0)] string Address,
    [property: Key(1)] long Remaining,
    [property: Key(2)] bool Done) : IPeakeMessage;
