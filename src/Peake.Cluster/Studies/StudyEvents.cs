using MessagePack;
using Peake.Cluster.Serialization;

namespace Peake.Cluster.Studies;

// Persisted events of one study (persistence id "study-{uid}"); manifests never change once shipped (ADR 0017).

/// <summary>An event in a study's journal.</summary>
public interface IStudyEvent : IPeakeMessage;

/// <summary>The study's first instance arrived: it belongs to this patient and lives at this site.</summary>
[MessagePackObject, PeakeManifest("study-ev-open")]
public sealed record StudyOpened([property: Key(0)] string PatientMasterId, [property: Key(1)] string HomeSite) : IStudyEvent;

/// <summary>
/// An instance known by its UIDs only (written before content hashes were recorded); still replays. A later
/// <see cref="InstanceStored"/> of the same SOP instance fills in its content.
/// </summary>
[MessagePackObject, PeakeManifest("study-ev-inst")]
public sealed record InstanceRecorded([property: Key(0)] string SeriesInstanceUid, [property: Key(1)] string SopInstanceUid)
    : IStudyEvent;

/// <summary>
/// A version of an instance is stored as blob <paramref name="Hash"/> (lower-case hex SHA-256 of the Part 10 bytes).
/// Persisted tagged <see cref="StudyTags.Instance"/>: the replication coordinator builds its catalog from that tag, so
/// the event carries everything it needs (home site for placement, patient for locality) without reading the study.
/// A second event for the same SOP instance is a newer version (<see cref="DuplicatePolicy.KeepBoth"/>); both are kept.
/// <paramref name="QueryAttributes"/>: the instance's query-relevant top-level elements as an Explicit VR Little Endian
/// data set (at most <see cref="QueryAttributeLimits.MaxBytes"/>), what the query read model is built from (ADR 0030);
/// null in events written before it existed (MessagePack leaves a missing trailing key at its default, ADR 0017).
/// </summary>
[MessagePackObject, PeakeManifest("study-ev-stored")]
public sealed record InstanceStored(
    [property: Key(0)] string SeriesInstanceUid,
    [property: Key(1)] string SopInstanceUid,
    [property: Key(2)] string SopClassUid,
    [property: Key(3)] string TransferSyntaxUid,
    [property: Key(4)] string Hash,
    [property: Key(5)] long Size,
    [property: Key(6)] string HomeSite,
    [property: Key(7)] string PatientMasterId,
    [property: Key(8)] byte[]? QueryAttributes = null) : IStudyEvent
{
    // Value equality over the attribute bytes, not the array reference: a decoded copy equals the original.
    public bool Equals(InstanceStored? other) =>
        other is not null && SeriesInstanceUid == other.SeriesInstanceUid && SopInstanceUid == other.SopInstanceUid
        && SopClassUid == other.SopClassUid && TransferSyntaxUid == other.TransferSyntaxUid && Hash == other.Hash
        && Size == other.Size && HomeSite == other.HomeSite && PatientMasterId == other.PatientMasterId
        && QueryAttributeLimits.SameBytes(QueryAttributes, other.QueryAttributes);

    public override int GetHashCode() => HashCode.Combine(SopInstanceUid, Hash, Size);
}

/// <summary>The "moved" marker: from this event on, the incarnation at <paramref name="To"/> is the study's only writer.</summary>
[MessagePackObject, PeakeManifest("study-ev-moved")]
public sealed record StudyRelocated([property: Key(0)] string From, [property: Key(1)] string To) : IStudyEvent;

/// <summary>
/// A hospital retrieved (part of) the study: C-GET, C-MOVE (the move's originator) or WADO-RS (ADR 0033). Coalesced
/// before it is written (at most one per study and hospital per interval), so a count of these is a count of access
/// records, not of instances read. Persisted tagged <see cref="StudyTags.Study"/> for the read model's last-access
/// columns, which tiering, locality and billing read.
/// </summary>
[MessagePackObject, PeakeManifest("study-ev-acc")]
public sealed record StudyAccessed(
    [property: Key(0)] DateTime AtUtc,
    [property: Key(1)] string HospitalAe,
    [property: Key(2)] string Via) : IStudyEvent;
