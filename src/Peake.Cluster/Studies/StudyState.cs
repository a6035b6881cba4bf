using System.Collections.Immutable;

namespace Peake.Cluster.Studies;

/// <summary>
/// One study as its journal tells it: whose it is, where it lives, its series with their instances and content, and
/// its latest access (ADR 0033). Pure: <see cref="Process"/> decides, <see cref="Apply"/> folds an event; the actor
/// only persists and replies.
/// </summary>
internal sealed record StudyState(
    string? PatientMasterId,
    string? HomeSite,
    ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, StudyInstance>> Series,
    StudyAccess? LastAccess = null)
{
    public static readonly StudyState Empty = new(
        null, null, ImmutableSortedDictionary.Create<string, ImmutableSortedDictionary<string, StudyInstance>>(StringComparer.Ordinal));

    private static readonly ImmutableSortedDictionary<string, StudyInstance> NoInstances =
        ImmutableSortedDictionary.Create<string, StudyInstance>(StringComparer.Ordinal);

    public bool Exists => HomeSite is not null;

    public StudyDecision Process(IStudyCommand command) => command switch
    {
        RecordInstance record => Record(record),
        RelocateStudy relocate => Relocate(relocate),
        RecordAccess access => Access(access),
        _ => StudyDecision.Refused(StudyRefusal.InvalidCommand),
    };

    public StudyState Apply(IStudyEvent e) => e switch
    {
        StudyOpened opened => this with { PatientMasterId = opened.PatientMasterId, HomeSite = opened.HomeSite },
        InstanceRecorded recorded => WithInstance(
            recorded.SeriesInstanceUid, recorded.SopInstanceUid,
            old => old ?? new StudyInstance(recorded.SopInstanceUid, "", "", "", 0, [])),
        InstanceStored stored => WithInstance(stored.SeriesInstanceUid, stored.SopInstanceUid, old => new StudyInstance(
            stored.SopInstanceUid, stored.SopClassUid, stored.TransferSyntaxUid, stored.Hash, stored.Size,
            // The version it replaces stays listed (and stored): newest last means older hashes oldest first.
            old is null || old.Hash.Length == 0 || old.Hash == stored.Hash ? old?.OlderHashes ?? [] : [.. old.OlderHashes, old.Hash])),
        StudyRelocated moved => this with { HomeSite = moved.To },
        StudyAccessed accessed => this with { LastAccess = StudyAccess.Add(LastAccess, accessed) },
        _ => this,
    };

    public StudyView View(string studyInstanceUid) => new(
        studyInstanceUid,
        Exists,
        PatientMasterId,
        HomeSite,
        [.. Series.Select(s => new StudySeries(s.Key, [.. s.Value.Keys], [.. s.Value.Values]))],
        LastAccess);

    public StudyInstanceView Find(string studyInstanceUid, string sopInstanceUid)
    {
        foreach (var (series, instances) in Series)
        {
            if (instances.TryGetValue(sopInstanceUid, out var instance))
                return new StudyInstanceView(studyInstanceUid, series, instance);
        }
        return new StudyInstanceView(studyInstanceUid, null, null);
    }

    private StudyState WithInstance(string series, string sop, Func<StudyInstance?, StudyInstance> update)
    {
        var instances = Series.GetValueOrDefault(series, NoInstances);
        return this with { Series = Series.SetItem(series, instances.SetItem(sop, update(instances.GetValueOrDefault(sop)))) };
    }

    private StudyDecision Record(RecordInstance record)
    {
        if (!StudyUids.IsValid(record.StudyInstanceUid) || !StudyUids.IsValid(record.SeriesInstanceUid)
            || !StudyUids.IsValid(record.SopInstanceUid) || !StudyUids.IsValid(record.SopClassUid)
            || !StudyUids.IsValid(record.TransferSyntaxUid) || !IsContentHash(record.Hash) || record.Size < 0
            || string.IsNullOrWhiteSpace(record.PatientMasterId) || string.IsNullOrWhiteSpace(record.HomeSite)
            || !Enum.IsDefined(record.Policy) || record.QueryAttributes?.Length > QueryAttributeLimits.MaxBytes)
        {
            return StudyDecision.Refused(StudyRefusal.InvalidCommand);
        }
        if (!Exists)
            return StudyDecision.Emit(new StudyOpened(record.PatientMasterId, record.HomeSite), Stored(record, record.HomeSite));
        if (record.PatientMasterId != PatientMasterId)
            return StudyDecision.Refused(StudyRefusal.PatientMismatch);
        var holder = Series.FirstOrDefault(s => s.Value.ContainsKey(record.SopInstanceUid));
        if (holder.Key is null)
            return StudyDecision.Emit(Stored(record, HomeSite!));
        if (holder.Key != record.SeriesInstanceUid)
            return StudyDecision.Refused(StudyRefusal.InstanceInOtherSeries);
        var known = holder.Value[record.SopInstanceUid];
        // Bytes the study already keeps (the newest version or an older one) are a resend: nothing to write.
        if (known.Hash == record.Hash || known.OlderHashes.Contains(record.Hash))
            return StudyDecision.Unchanged;
        // An instance recorded by UIDs only gets its content; otherwise these are different bytes for the same SOP
        // instance, which the policy decides: never a silent overwrite (ADR 0025).
        if (known.Hash.Length == 0 || record.Policy == DuplicatePolicy.KeepBoth)
            return StudyDecision.Emit(Stored(record, HomeSite!));
        return StudyDecision.Refused(StudyRefusal.DifferentContent);
    }

    private static InstanceStored Stored(RecordInstance record, string homeSite) => new(
        record.SeriesInstanceUid, record.SopInstanceUid, record.SopClassUid, record.TransferSyntaxUid, record.Hash,
        record.Size, homeSite, record.PatientMasterId, record.QueryAttributes);

    // Blob names: lower-case hex SHA-256 (Peake.Storage.BlobStore).
    private static bool IsContentHash(string? hash) =>
        hash is { Length: 64 } && hash.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private StudyDecision Relocate(RelocateStudy relocate)
    {
        if (string.IsNullOrWhiteSpace(relocate.ToSite))
            return StudyDecision.Refused(StudyRefusal.InvalidCommand);
        if (!Exists)
            return StudyDecision.Refused(StudyRefusal.NotFound);
        return relocate.ToSite == HomeSite ? StudyDecision.Unchanged : StudyDecision.Emit(new StudyRelocated(HomeSite!, relocate.ToSite));
    }

    // An AE title is 16 characters (PS3.5 6.2); the bound only keeps a bad sender from filling the journal.
    private const int MaxAccessText = 64;

    // A retrieval of a study this journal never opened (a stale read model, a study being removed) must not create it.
    private StudyDecision Access(RecordAccess access)
    {
        if (string.IsNullOrWhiteSpace(access.HospitalAe) || access.HospitalAe.Length > MaxAccessText
            || access.Via is null || access.Via.Length > MaxAccessText || access.AtUtc.Kind != DateTimeKind.Utc)
        {
            return StudyDecision.Refused(StudyRefusal.InvalidCommand);
        }
        if (!Exists)
            return StudyDecision.Refused(StudyRefusal.NotFound);
        return StudyDecision.Emit(new StudyAccessed(access.AtUtc, access.HospitalAe, access.Via));
    }
}
