using Peake.Dicom;
using Peake.Dicom.Network.Query;

namespace Peake.Query.Projection;

/// <summary>
/// Which level of the hierarchy an attribute describes (PS3.4 C.6.1.1.2–5 key tables, and PS3.3's modules: Patient,
/// General Study / Patient Study, General Series / Frame of Reference / Equipment, everything else the instance's).
/// The projection files each of an instance's elements at its level, so a study's candidate carries study and patient
/// attributes only, never one instance's Modality or Rows.
/// </summary>
internal static class AttributeLevel
{
    private static readonly HashSet<uint> StudyLevel =
    [
        0x00080020, 0x00080030, 0x00080050, 0x00080051, 0x00080056, 0x00080061, 0x00080062, 0x00080063, 0x00080090,
        0x00080096, 0x00081030, 0x00081032, 0x00081048, 0x00081049, 0x00081060, 0x00081062, 0x00081080, 0x00081084,
        0x00081110, 0x0020000D, 0x00200010,
        // Patient Study module: what the patient was at this study (C.6-2).
        0x00101010, 0x00101020, 0x00101030, 0x00102180, 0x001021B0, 0x001021C0, 0x00102000, 0x00102110,
    ];

    private static readonly HashSet<uint> SeriesLevel =
    [
        0x00080021, 0x00080031, 0x00080060, 0x00080064, 0x00080070, 0x00080080, 0x00080081, 0x00081010, 0x00081040,
        0x00081050, 0x00081052, 0x00081070, 0x00081072, 0x0008103E, 0x00081090, 0x00081111, 0x00181000, 0x00180015,
        0x00181020, 0x00181030, 0x00185100, 0x0020000E, 0x00200011, 0x00200052, 0x00200060, 0x00201040,
        0x00400244, 0x00400245, 0x00400250, 0x00400251, 0x00400253, 0x00400254, 0x00400260, 0x00400275,
    ];

    /// <summary>The level of <paramref name="tag"/>; (0008,0005) belongs to every level and is reported as Patient.</summary>
    public static QueryLevel Of(DicomTag tag)
    {
        var value = tag.Value;
        if (tag == DicomTags.SpecificCharacterSet)
            return QueryLevel.Patient;
        if (StudyLevel.Contains(value) || tag.Group == 0x0032)
            return QueryLevel.Study;
        if (SeriesLevel.Contains(value))
            return QueryLevel.Series;
        if (tag.Group == 0x0010 || value == 0x00081120)
            return QueryLevel.Patient;
        return QueryLevel.Image;
    }

    /// <summary>The elements of <paramref name="instance"/> at one of <paramref name="levels"/>, with (0008,0005).</summary>
    public static DicomDataset Select(DicomDataset instance, IReadOnlyCollection<QueryLevel> levels)
    {
        var selected = new DicomDataset();
        foreach (var element in instance)
        {
            if (element.Tag == DicomTags.SpecificCharacterSet || levels.Contains(Of(element.Tag)))
                selected.Set(element);
        }
        return selected;
    }
}
