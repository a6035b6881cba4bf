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
}

/// <summary>The answer to <see cref="RecordInstance"/> and <see cref="RelocateStudy"/>.</summary>
[MessagePackObject, PeakeManifest("study-ack")]
public sealed record StudyAck([property: Key(0)] string StudyInstanceUid, [property: Key(1)] StudyRefusal Refusal)
{
    [IgnoreMember]
    public bool Accepted => Refusal == StudyRefusal.None;
}

/// <summary>One series of a study and its SOP Instance UIDs, in UID order.</summary>
[MessagePackObject, PeakeManifest("study-series")]
public sealed record StudySeries([property: Key(0)] string SeriesInstanceUid, [property: Key(1)] string[] SopInstanceUids);

/// <summary>The answer to <see cref="GetStudy"/>; <see cref="Exists"/> is false for a study never recorded.</summary>
[MessagePackObject, PeakeManifest("study-view")]
public sealed record StudyView(
    [property: Key(0)] string StudyInstanceUid,
    [property: Key(1)] bool Exists,
    [property: Key(2)] string? PatientMasterId,
    [property: Key(3)] string? HomeSite,
    [property: Key(4)] StudySeries[] Series)
{
    [IgnoreMember]
    public int InstanceCount => Series.Sum(s => s.SopInstanceUids.Length);
}
