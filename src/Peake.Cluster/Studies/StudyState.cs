using System.Collections.Immutable;

namespace Peake.Cluster.Studies;

/// <summary>
/// One study as its journal tells it: whose it is, where it lives, and its series with their SOP Instance UIDs.
/// Pure: <see cref="Process"/> decides, <see cref="Apply"/> folds an event; the actor only persists and replies.
/// </summary>
internal sealed record StudyState(
    string? PatientMasterId,
    string? HomeSite,
    ImmutableSortedDictionary<string, ImmutableSortedSet<string>> Series)
{
    public static readonly StudyState Empty = new(null, null, ImmutableSortedDictionary.Create<string, ImmutableSortedSet<string>>(StringComparer.Ordinal));

    public bool Exists => HomeSite is not null;

    public StudyDecision Process(IStudyCommand command) => command switch
    {
        RecordInstance record => Record(record),
        RelocateStudy relocate => Relocate(relocate),
        _ => StudyDecision.Refused(StudyRefusal.InvalidCommand),
    };

    public StudyState Apply(IStudyEvent e) => e switch
    {
        StudyOpened opened => this with { PatientMasterId = opened.PatientMasterId, HomeSite = opened.HomeSite },
        InstanceRecorded recorded => this with
        {
            Series = Series.SetItem(
                recorded.SeriesInstanceUid,
                Series.GetValueOrDefault(recorded.SeriesInstanceUid, ImmutableSortedSet.Create<string>(StringComparer.Ordinal))
                    .Add(recorded.SopInstanceUid)),
        },
        StudyRelocated moved => this with { HomeSite = moved.To },
        _ => this,
    };

    public StudyView View(string studyInstanceUid) => new(
        studyInstanceUid,
        Exists,
        PatientMasterId,
        HomeSite,
        [.. Series.Select(s => new StudySeries(s.Key, [.. s.Value]))]);

    private StudyDecision Record(RecordInstance record)
    {
        if (!StudyUids.IsValid(record.StudyInstanceUid) || !StudyUids.IsValid(record.SeriesInstanceUid)
            || !StudyUids.IsValid(record.SopInstanceUid) || string.IsNullOrWhiteSpace(record.PatientMasterId)
            || string.IsNullOrWhiteSpace(record.HomeSite))
        {
            return StudyDecision.Refused(StudyRefusal.InvalidCommand);
        }
        var recorded = new InstanceRecorded(record.SeriesInstanceUid, record.SopInstanceUid);
        if (!Exists)
            return StudyDecision.Emit(new StudyOpened(record.PatientMasterId, record.HomeSite), recorded);
        if (record.PatientMasterId != PatientMasterId)
            return StudyDecision.Refused(StudyRefusal.PatientMismatch);
        var holder = Series.FirstOrDefault(s => s.Value.Contains(record.SopInstanceUid)).Key;
        if (holder is null)
            return StudyDecision.Emit(recorded);
        return holder == record.SeriesInstanceUid ? StudyDecision.Unchanged : StudyDecision.Refused(StudyRefusal.InstanceInOtherSeries);
    }

    private StudyDecision Relocate(RelocateStudy relocate)
    {
        if (string.IsNullOrWhiteSpace(relocate.ToSite))
            return StudyDecision.Refused(StudyRefusal.InvalidCommand);
        if (!Exists)
            return StudyDecision.Refused(StudyRefusal.NotFound);
        return relocate.ToSite == HomeSite ? StudyDecision.Unchanged : StudyDecision.Emit(new StudyRelocated(HomeSite!, relocate.ToSite));
    }
}
