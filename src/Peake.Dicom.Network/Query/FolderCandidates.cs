using System.Globalization;

namespace Peake.Dicom.Network.Query;

/// <summary>
/// The entities of one query level built from a snapshot of indexed instances (the folder SCP's
/// <see cref="IQueryService"/>): one candidate per distinct level key, a copy of its first instance (whose attributes
/// of that level and above stand for the entity) plus the computed attributes (PS3.4 C.3.4 Table C.3-1): the
/// Number of Patient/Study/Series Related … counts, ModalitiesInStudy and SOPClassesInStudy.
/// </summary>
internal static class FolderCandidates
{
    public static IEnumerable<DicomDataset> Build(QueryLevel level, IReadOnlyList<DicomDataset> instances)
    {
        var patients = Aggregate(instances, DicomTags.PatientID);
        var studies = Aggregate(instances, DicomTags.StudyInstanceUID);
        var series = Aggregate(instances, DicomTags.SeriesInstanceUID);
        var levelKey = level switch
        {
            QueryLevel.Patient => DicomTags.PatientID,
            QueryLevel.Study => DicomTags.StudyInstanceUID,
            QueryLevel.Series => DicomTags.SeriesInstanceUID,
            _ => DicomTags.SOPInstanceUID,
        };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var instance in instances)
        {
            if (!seen.Add(instance.GetString(levelKey) ?? ""))
            {
                continue;
            }

            var budget = int.MaxValue;
            var candidate = InstanceIndex.Reduce(instance, 0, ref budget);
            var patient = patients[instance.GetString(DicomTags.PatientID) ?? ""];
            SetCount(candidate, DicomTags.NumberOfPatientRelatedStudies, patient.Studies.Count);
            SetCount(candidate, DicomTags.NumberOfPatientRelatedSeries, patient.Series.Count);
            SetCount(candidate, DicomTags.NumberOfPatientRelatedInstances, patient.Instances);
            if (level >= QueryLevel.Study)
            {
                var study = studies[instance.GetString(DicomTags.StudyInstanceUID) ?? ""];
                SetCount(candidate, DicomTags.NumberOfStudyRelatedSeries, study.Series.Count);
                SetCount(candidate, DicomTags.NumberOfStudyRelatedInstances, study.Instances);
                SetList(candidate, DicomTags.ModalitiesInStudy, DicomVR.CS, study.Modalities);
                SetList(candidate, DicomTags.SOPClassesInStudy, DicomVR.UI, study.SopClasses);
            }

            if (level >= QueryLevel.Series)
            {
                SetCount(candidate, DicomTags.NumberOfSeriesRelatedInstances, series[instance.GetString(DicomTags.SeriesInstanceUID) ?? ""].Instances);
            }

            yield return candidate;
        }
    }

    private static Dictionary<string, Group> Aggregate(IReadOnlyList<DicomDataset> instances, DicomTag key)
    {
        var groups = new Dictionary<string, Group>(StringComparer.Ordinal);
        foreach (var instance in instances)
        {
            var id = instance.GetString(key) ?? "";
            if (!groups.TryGetValue(id, out var group))
            {
                groups[id] = group = new Group();
            }

            group.Add(instance);
        }

        return groups;
    }

    private static void SetCount(DicomDataset candidate, DicomTag tag, int count) =>
        candidate.SetString(tag, DicomVR.IS, count.ToString(CultureInfo.InvariantCulture));

    private static void SetList(DicomDataset candidate, DicomTag tag, DicomVR vr, SortedSet<string> values)
    {
        if (values.Count > 0)
        {
            candidate.SetString(tag, vr, string.Join('\\', values));
        }
    }

    /// <summary>What one patient, study or series holds, counted over its instances.</summary>
    private sealed class Group
    {
        public HashSet<string> Studies { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Series { get; } = new(StringComparer.Ordinal);

        public SortedSet<string> Modalities { get; } = new(StringComparer.Ordinal);

        public SortedSet<string> SopClasses { get; } = new(StringComparer.Ordinal);

        public int Instances { get; private set; }

        public void Add(DicomDataset instance)
        {
            Instances++;
            Studies.Add(instance.GetString(DicomTags.StudyInstanceUID) ?? "");
            Series.Add(instance.GetString(DicomTags.SeriesInstanceUID) ?? "");
            if (instance.GetString(DicomTags.Modality) is { Length: > 0 } modality)
            {
                Modalities.Add(modality);
            }

            if (instance.GetString(DicomTags.SOPClassUID) is { Length: > 0 } sopClass)
            {
                SopClasses.Add(sopClass);
            }
        }
    }
}
