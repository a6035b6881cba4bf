using MessagePack;

namespace Peake.Cluster.Studies;

/// <summary>
/// The study's latest access record (time, hospital, how) and how many access records it has (ADR 0033). Travels only
/// inside a <see cref="StudyView"/>.
/// </summary>
[MessagePackObject]
public sealed record StudyAccess(
    [property: Key(0)] DateTime AtUtc,
    [property: Key(1)] string HospitalAe,
    [property: Key(2)] string Via,
    [property: Key(3)] long Count)
{
    /// <summary>
    /// Folds one more record in: the latest time wins with its hospital (records from several nodes may arrive out of
    /// time order), every record counts.
    /// </summary>
    public static StudyAccess Add(StudyAccess? current, StudyAccessed e) =>
        current is null || e.AtUtc >= current.AtUtc
            ? new StudyAccess(e.AtUtc, e.HospitalAe, e.Via, (current?.Count ?? 0) + 1)
            : current with { Count = current.Count + 1 };
}
