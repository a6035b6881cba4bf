using Peake.Dicom;
using Peake.Dicom.Network.Query;

namespace Peake.DicomWeb.Search;

/// <summary>
/// Which QIDO-RS level an attribute belongs to, and what each level returns without being asked
/// (PS3.18 10.6.3.3, Tables 10.6.3-3 to -5). Attributes not listed as series or instance attributes count as
/// patient/study ones, which every level may match (keys above the level are matched relationally, BRIEF6 2.3).
/// </summary>
internal static class QidoLevels
{
    private static readonly HashSet<DicomTag> SeriesAttributes =
    [
        DicomTags.Modality, DicomTags.SeriesInstanceUID, DicomTags.SeriesNumber, DicomTags.SeriesDescription,
        DicomTags.SeriesDate, DicomTags.SeriesTime, DicomTags.BodyPartExamined, DicomTags.Laterality,
        DicomTags.ProtocolName, DicomTags.PerformedProcedureStepStartDate, DicomTags.PerformedProcedureStepStartTime,
        DicomTags.RequestAttributesSequence, DicomTags.NumberOfSeriesRelatedInstances, DicomTags.Manufacturer,
        DicomTags.StationName, DicomTags.OperatorsName, DicomTags.PerformingPhysicianName, DicomTags.FrameOfReferenceUID,
    ];

    private static readonly HashSet<DicomTag> InstanceAttributes =
    [
        DicomTags.SOPClassUID, DicomTags.SOPInstanceUID, DicomTags.InstanceNumber, DicomTags.Rows, DicomTags.Columns,
        DicomTags.BitsAllocated, DicomTags.NumberOfFrames, DicomTags.ContentDate, DicomTags.ContentTime,
        DicomTags.AcquisitionDate, DicomTags.AcquisitionTime, DicomTags.AcquisitionDateTime, DicomTags.ImageType,
        DicomTags.InstanceCreationDate, DicomTags.InstanceCreationTime, DicomTags.SamplesPerPixel,
        DicomTags.PhotometricInterpretation, DicomTags.ConceptNameCodeSequence, DicomTags.ContentLabel,
        DicomTags.ImagePositionPatient, DicomTags.ImageOrientationPatient, DicomTags.SliceLocation,
    ];

    /// <summary>Conditional return attributes (PS3.18 "C"): left out of an answer when the entity has no value for them.</summary>
    private static readonly HashSet<DicomTag> Conditional =
    [
        DicomTags.InstanceAvailability, DicomTags.TimezoneOffsetFromUTC, DicomTags.SeriesDescription,
        DicomTags.PerformedProcedureStepStartDate, DicomTags.PerformedProcedureStepStartTime,
        DicomTags.RequestAttributesSequence, DicomTags.NumberOfFrames, DicomTags.Rows, DicomTags.Columns,
        DicomTags.BitsAllocated,
    ];

    private static readonly DicomTag[] StudyReturnKeys =
    [
        DicomTags.StudyDate, DicomTags.StudyTime, DicomTags.AccessionNumber, DicomTags.InstanceAvailability,
        DicomTags.ModalitiesInStudy, DicomTags.ReferringPhysicianName, DicomTags.TimezoneOffsetFromUTC,
        DicomTags.PatientName, DicomTags.PatientID, DicomTags.PatientBirthDate, DicomTags.PatientSex,
        DicomTags.StudyInstanceUID, DicomTags.StudyID, DicomTags.NumberOfStudyRelatedSeries,
        DicomTags.NumberOfStudyRelatedInstances,
    ];

    private static readonly DicomTag[] SeriesReturnKeys =
    [
        DicomTags.Modality, DicomTags.TimezoneOffsetFromUTC, DicomTags.SeriesDescription, DicomTags.SeriesInstanceUID,
        DicomTags.SeriesNumber, DicomTags.NumberOfSeriesRelatedInstances, DicomTags.PerformedProcedureStepStartDate,
        DicomTags.PerformedProcedureStepStartTime, DicomTags.RequestAttributesSequence,
    ];

    private static readonly DicomTag[] InstanceReturnKeys =
    [
        DicomTags.SOPClassUID, DicomTags.SOPInstanceUID, DicomTags.InstanceAvailability, DicomTags.TimezoneOffsetFromUTC,
        DicomTags.InstanceNumber, DicomTags.Rows, DicomTags.Columns, DicomTags.BitsAllocated, DicomTags.NumberOfFrames,
    ];

    public static QueryLevel LevelOf(DicomTag tag) =>
        InstanceAttributes.Contains(tag) ? QueryLevel.Image
        : SeriesAttributes.Contains(tag) ? QueryLevel.Series
        : QueryLevel.Study;

    public static bool IsConditional(DicomTag tag) => Conditional.Contains(tag);

    /// <summary>
    /// The attributes a search returns unasked: those of its level, and those of the levels above that its path does
    /// not fix (<c>/series</c> returns the study's too, <c>/studies/{s}/series</c> does not).
    /// </summary>
    public static IEnumerable<DicomTag> ReturnKeys(QueryLevel level, bool studyInPath, bool seriesInPath)
    {
        var keys = level switch
        {
            QueryLevel.Study => StudyReturnKeys,
            QueryLevel.Series => SeriesReturnKeys,
            _ => InstanceReturnKeys,
        };
        var above = Enumerable.Empty<DicomTag>();
        if (level >= QueryLevel.Series && !studyInPath)
        {
            // ModalitiesInStudy would repeat what each series says; the series' own Modality answers it.
            above = above.Concat(StudyReturnKeys.Where(t => t != DicomTags.ModalitiesInStudy));
        }

        if (level == QueryLevel.Image && !seriesInPath)
        {
            above = above.Concat(SeriesReturnKeys);
        }

        return keys.Concat(above).Distinct();
    }
}
