using MessagePack;
using Peake.Cluster.Serialization;

namespace Peake.Cluster.Studies;

/// <summary>Why a study command changed nothing; a command already done is accepted with no events.</summary>
public enum StudyRefusal
{
    None,
    InvalidCommand,
    NotFound,
    /// <summary>The instance names another patient than the study's: a mis-filed instance, never silently re-filed.</summary>
    PatientMismatch,
    /// <summary>The SOP Instance UID is already recorded in another series of the study.</summary>
    InstanceInOtherSeries,
    /// <summary>The SOP instance is recorded with other bytes and the policy is <see cref="DuplicatePolicy.Reject"/>.</summary>
    DifferentContent,
}

/// <summary>The answer to <see cref="RecordInstance"/>, <see cref="RelocateStudy"/> and <see cref="RecordAccess"/>.</summary>
[MessagePackObject, PeakeManifest("study-ack")]
public sealed record StudyAck([property: Key(0)] string StudyInstanceUid, [property: Key(1)] StudyRefusal Refusal) : IPeakeMessage
{
    [IgnoreMember]
    public bool Accepted => Refusal == StudyRefusal.None;
}

/// <summary>
/// One series of a study: its SOP Instance UIDs and, in the same UID order, its instances with their content.
/// Travels only inside a <see cref="StudyView"/>.
/// </summary>
[MessagePackObject]
public sealed record StudySeries(
    [property: Key(0)] string SeriesInstanceUid,
    [property: Key(1)] string[] SopInstanceUids,
    [property: Key(2)] StudyInstance[] Instances)
{
    // Value equality over the UIDs, not the array reference: a decoded copy equals the original.
    public bool Equals(StudySeries? other) =>
        other is not null && SeriesInstanceUid == other.SeriesInstanceUid && SopInstanceUids.SequenceEqual(other.SopInstanceUids)
        && Instances.SequenceEqual(other.Instances);

    public override int GetHashCode() => HashCode.Combine(SeriesInstanceUid, SopInstanceUids.Length);
}

/// <summary>
/// The answer to <see cref="GetStudy"/>; <see cref="Exists"/> is false for a study never recorded.
/// <see cref="LastAccess"/> is null for a study never retrieved (and from a node before ADR 0033: a trailing key).
/// </summary>
[MessagePackObject, PeakeManifest("study-view")]
public sealed record StudyView(
    [property: Key(0)] string StudyInstanceUid,
    [property: Key(1)] bool Exists,
    [property: Key(2)] string? PatientMasterId,
    [property: Key(3)] string? HomeSite,
    [property: Key(4)] StudySeries[] Series,
    [property: Key(5)] StudyAccess? LastAccess = null) : IPeakeMessage
{
    [IgnoreMember]
    public int InstanceCount => Series.Sum(s => s.SopInstanceUids.Length);

    public bool Equals(StudyView? other) =>
        other is not null && StudyInstanceUid == other.StudyInstanceUid && Exists == other.Exists
        && PatientMasterId == other.PatientMasterId && HomeSite == other.HomeSite && Series.SequenceEqual(other.Series)
        && LastAccess == other.LastAccess;

    public override int GetHashCode() => HashCode.Combine(StudyInstanceUid, HomeSite, Series.Length);
}

/// <summary>The answer to <see cref="GetStudyInstance"/>; <see cref="Instance"/> is null when the study does not hold it.</summary>
[MessagePackObject, PeakeManifest("study-inst-view")]
public sealed record StudyInstanceView(
    [property: Key(0)] string StudyInstanceUid,
    [property: Key(1)] string? SeriesInstanceUid,
    [property: Key(2)] StudyInstance? Instance) : IPeakeMessage;
