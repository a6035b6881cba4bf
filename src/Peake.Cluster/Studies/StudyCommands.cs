using MessagePack;
using Peake.Cluster.Serialization;
using Peake.Cluster.Sharding;

namespace Peake.Cluster.Studies;

// Commands of one study (StudyActor, type "study", id = Study Instance UID). Each names the site the sender believes
// is the study's home (the location directory's answer); a stale belief costs a forward, never the message.

/// <summary>A command or query for one study.</summary>
public interface IStudyCommand : ISiteAffineMessage
{
    string StudyInstanceUid { get; }
}

/// <summary>
/// An instance of the study is durably stored as blob <paramref name="Hash"/> on <paramref name="Holders"/>: record it.
/// The same SOP Instance UID with the same hash is accepted with no change; with another hash
/// <paramref name="Policy"/> decides (ADR 0025). <paramref name="QueryAttributes"/> goes into the
/// <see cref="InstanceStored"/> as it is (ADR 0030).
/// </summary>
[MessagePackObject, PeakeManifest("study-rec")]
public sealed record RecordInstance(
    [property: Key(0)] string HomeSite,
    [property: Key(1)] string StudyInstanceUid,
    [property: Key(2)] string PatientMasterId,
    [property: Key(3)] string SeriesInstanceUid,
    [property: Key(4)] string SopInstanceUid,
    [property: Key(5)] string SopClassUid,
    [property: Key(6)] string TransferSyntaxUid,
    [property: Key(7)] string Hash,
    [property: Key(8)] long Size,
    [property: Key(9)] DuplicatePolicy Policy,
    [property: Key(10)] string[] Holders,
    [property: Key(11)] byte[]? QueryAttributes = null) : IStudyCommand
{
    [IgnoreMember]
    public string EntityId => StudyInstanceUid;

    // Value equality over the holders, not the array reference: a decoded copy equals the original.
    public bool Equals(RecordInstance? other) =>
        other is not null && HomeSite == other.HomeSite && StudyInstanceUid == other.StudyInstanceUid
        && PatientMasterId == other.PatientMasterId && SeriesInstanceUid == other.SeriesInstanceUid
        && SopInstanceUid == other.SopInstanceUid && SopClassUid == other.SopClassUid
        && TransferSyntaxUid == other.TransferSyntaxUid && Hash == other.Hash && Size == other.Size
        && Policy == other.Policy && Holders.SequenceEqual(other.Holders)
        && QueryAttributeLimits.SameBytes(QueryAttributes, other.QueryAttributes);

    public override int GetHashCode() => HashCode.Combine(StudyInstanceUid, SopInstanceUid, Hash);
}

/// <summary>What the study holds; answered with a <see cref="StudyView"/>.</summary>
[MessagePackObject, PeakeManifest("study-get")]
public sealed record GetStudy([property: Key(0)] string HomeSite, [property: Key(1)] string StudyInstanceUid) : IStudyCommand
{
    [IgnoreMember]
    public string EntityId => StudyInstanceUid;
}

/// <summary>
/// One instance of the study (storage commitment asks about single instances; a whole <see cref="StudyView"/> of a
/// large study would not fit a remoting frame); answered with a <see cref="StudyInstanceView"/>.
/// </summary>
[MessagePackObject, PeakeManifest("study-get-inst")]
public sealed record GetStudyInstance(
    [property: Key(0)] string HomeSite,
    [property: Key(1)] string StudyInstanceUid,
    [property: Key(2)] string SopInstanceUid) : IStudyCommand
{
    [IgnoreMember]
    public string EntityId => StudyInstanceUid;
}

/// <summary>The study's home site changes to <paramref name="ToSite"/> (its patient moved); answered once the directory says so.</summary>
[MessagePackObject, PeakeManifest("study-mov")]
public sealed record RelocateStudy(
    [property: Key(0)] string HomeSite,
    [property: Key(1)] string StudyInstanceUid,
    [property: Key(2)] string ToSite) : IStudyCommand
{
    [IgnoreMember]
    public string EntityId => StudyInstanceUid;
}

/// <summary>
/// <paramref name="HospitalAe"/> retrieved (part of) the study at <paramref name="AtUtc"/> through
/// <paramref name="Via"/>: persisted as a <see cref="StudyAccessed"/>; a study never recorded is not created by it
/// (<see cref="StudyRefusal.NotFound"/>). Sent by the node's <see cref="StudyAccessRecorder"/>, which coalesces.
/// </summary>
[MessagePackObject, PeakeManifest("study-acc")]
public sealed record RecordAccess(
    [property: Key(0)] string HomeSite,
    [property: Key(1)] string StudyInstanceUid,
    [property: Key(2)] string HospitalAe,
    [property: Key(3)] string Via,
    [property: Key(4)] DateTime AtUtc) : IStudyCommand
{
    [IgnoreMember]
    public string EntityId => StudyInstanceUid;
}
