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

/// <summary>An instance of the study was stored: record its series and SOP Instance UID (idempotent).</summary>
[MessagePackObject, PeakeManifest("study-rec")]
public sealed record RecordInstance(
    [property: Key(0)] string HomeSite,
    [property: Key(1)] string StudyInstanceUid,
    [property: Key(2)] string PatientMasterId,
    [property: Key(3)] string SeriesInstanceUid,
    [property: Key(4)] string SopInstanceUid) : IStudyCommand
{
    [IgnoreMember]
    public string EntityId => StudyInstanceUid;
}

/// <summary>What the study holds; answered with a <see cref="StudyView"/>.</summary>
[MessagePackObject, PeakeManifest("study-get")]
public sealed record GetStudy([property: Key(0)] string HomeSite, [property: Key(1)] string StudyInstanceUid) : IStudyCommand
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
