using MessagePack;
using Peake.Cluster.Serialization;

namespace Peake.Cluster.Studies;

// Persisted events of one study (persistence id "study-{uid}"); manifests never change once shipped (ADR 0017).

/// <summary>An event in a study's journal.</summary>
public interface IStudyEvent : IPeakeMessage;

/// <summary>The study's first instance arrived: it belongs to this patient and lives at this site.</summary>
[MessagePackObject, PeakeManifest("study-ev-open")]
public sealed record StudyOpened([property: Key(0)] string PatientMasterId, [property: Key(1)] string HomeSite) : IStudyEvent;

[MessagePackObject, PeakeManifest("study-ev-inst")]
public sealed record InstanceRecorded([property: Key(0)] string SeriesInstanceUid, [property: Key(1)] string SopInstanceUid)
    : IStudyEvent;

/// <summary>The "moved" marker: from this event on, the incarnation at <paramref name="To"/> is the study's only writer.</summary>
[MessagePackObject, PeakeManifest("study-ev-moved")]
public sealed record StudyRelocated([property: Key(0)] string From, [property: Key(1)] string To) : IStudyEvent;
