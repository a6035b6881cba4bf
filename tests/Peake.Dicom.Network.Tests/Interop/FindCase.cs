using Peake.Dicom.Network.Dimse;

namespace Peake.Dicom.Network.Tests.Interop;

/// <summary>
/// A C-FIND of the interop tests: model, level and keys (an empty value is a return key, PS3.4 C.2.2.2.3). The
/// expected matches are worked out from the corpus itself, not written down, so every case checks an exact set.
/// </summary>
internal sealed record FindCase(string SopClass, string Level, IReadOnlyDictionary<string, string> Keys)
{
    public static readonly IReadOnlyDictionary<string, FindCase> All = new Dictionary<string, FindCase>(StringComparer.Ordinal)
    {
        ["patient root, all patients"] = Patient("PATIENT", ("PatientID", ""), ("PatientName", "")),
        ["patient root, one patient by id"] = Patient("PATIENT", ("PatientID", Id("B")), ("PatientName", "")),
        ["patient root, patients by name with a wildcard"] = Patient("PATIENT", ("PatientID", ""), ("PatientName", "Interop^B*")),
        ["patient root, studies of a patient"] = Patient("STUDY", ("PatientID", Id("A")), ("StudyInstanceUID", "")),
        ["patient root, series of a study"] = Patient("SERIES", ("PatientID", Id("A")), ("StudyInstanceUID", InteropCorpus.StudyUid("A", 1)), ("SeriesInstanceUID", "")),
        ["patient root, images of a series"] = Patient(
            "IMAGE", ("PatientID", Id("A")), ("StudyInstanceUID", InteropCorpus.StudyUid("A", 1)), ("SeriesInstanceUID", InteropCorpus.SeriesUid("A", 1, 1)), ("SOPInstanceUID", "")),
        ["study root, all studies"] = Study("STUDY", ("StudyInstanceUID", ""), ("PatientID", ""), ("PatientName", "")),
        ["study root, studies of a patient"] = Study("STUDY", ("PatientID", Id("C")), ("StudyInstanceUID", "")),
        ["study root, series of a study"] = Study("SERIES", ("StudyInstanceUID", InteropCorpus.StudyUid("C", 1)), ("SeriesInstanceUID", "")),
        ["study root, images of a series"] = Study("IMAGE", ("StudyInstanceUID", InteropCorpus.StudyUid("C", 1)), ("SeriesInstanceUID", InteropCorpus.SeriesUid("C", 1, 1)), ("SOPInstanceUID", "")),
        ["study root, one image by uid"] = Study(
            "IMAGE", ("StudyInstanceUID", InteropCorpus.StudyUid("A", 1)), ("SeriesInstanceUID", InteropCorpus.SeriesUid("A", 1, 2)), ("SOPInstanceUID", InteropCorpus.SeriesUid("A", 1, 2) + ".1")),
        ["study root, no match"] = Study("SERIES", ("StudyInstanceUID", InteropCorpus.StudyUid("B", 9)), ("SeriesInstanceUID", "")),
    };

    /// <summary>The unique key of the level (PS3.4 C.6.1.1 / C.6.2.1): what tells two matches apart.</summary>
    public string UniqueKey => Level switch
    {
        "PATIENT" => "PatientID",
        "STUDY" => "StudyInstanceUID",
        "SERIES" => "SeriesInstanceUID",
        _ => "SOPInstanceUID",
    };

    public static string Value(InteropInstance instance, string keyword) => keyword switch
    {
        "PatientID" => instance.PatientId,
        "PatientName" => instance.PatientName,
        "StudyInstanceUID" => instance.StudyUid,
        "SeriesInstanceUID" => instance.SeriesUid,
        "SOPInstanceUID" => instance.SopInstanceUid,
        _ => throw new ArgumentOutOfRangeException(nameof(keyword), keyword, null),
    };

    /// <summary>The entities at this level with every non-empty key equal, each with its expected return values.</summary>
    public IReadOnlyDictionary<string, InteropInstance> Expected(IEnumerable<InteropInstance> corpus) =>
        corpus.Where(i => Keys.All(k => Matches(k.Value, Value(i, k.Key))))
            .GroupBy(i => Value(i, UniqueKey), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    /// <summary>PS3.4 C.2.2.2: universal (empty), wildcard (only a trailing * here) or single value matching.</summary>
    private static bool Matches(string key, string value) =>
        key.Length == 0 || (key.EndsWith('*') ? value.StartsWith(key[..^1], StringComparison.Ordinal) : value == key);

    private static string Id(string patient) => InteropCorpus.PatientId(patient);

    private static FindCase Patient(string level, params (string Keyword, string Value)[] keys) =>
        new(CFindRequest.PatientRootSopClassUid, level, keys.ToDictionary(k => k.Keyword, k => k.Value, StringComparer.Ordinal));

    private static FindCase Study(string level, params (string Keyword, string Value)[] keys) =>
        new(CFindRequest.StudyRootSopClassUid, level, keys.ToDictionary(k => k.Keyword, k => k.Value, StringComparer.Ordinal));
}
