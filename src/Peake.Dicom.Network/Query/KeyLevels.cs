using Peake.Dicom.Network.Dimse;

namespace Peake.Dicom.Network.Query;

/// <summary>
/// Which level of the query/retrieve information model a key belongs to (PS3.4 C.6.1.1.2–5, C.6.2.1.2–4), and the
/// hierarchical checks on an identifier that follow from it (C.4.1.2.1, C.4.2.1.4.1, C.4.3.1.3.1). Only attributes
/// the key tables name are placed; any other attribute counts as an optional key of the query level ("all other
/// attributes of the level"), so private and unknown keys are returned, not refused.
/// </summary>
internal static class KeyLevels
{
    private static readonly Dictionary<DicomTag, QueryLevel> Levels = Build();

    /// <summary>
    /// A C-FIND identifier: keys above the level are matched relationally (a superset of the baseline); a key below
    /// the level fits no entity of the level and is refused with A900H naming the tag.
    /// </summary>
    public static void CheckFind(CFindQuery query)
    {
        foreach (var element in query.Identifier)
        {
            if (!IsControl(element.Tag) && LevelOf(element.Tag, query.Model) is { } level && level > query.Level)
            {
                throw new QueryFailedException(
                    CFindStatus.IdentifierDoesNotMatchSopClass, $"key {element.Tag} is below the {query.Level.ToString().ToUpperInvariant()} level");
            }
        }
    }

    /// <summary>
    /// A C-GET / C-MOVE identifier holds only the unique keys of its level and the levels above, each with a value
    /// (PS3.4 C.4.2.1.4.1, C.4.3.1.3.1); anything else does not fit the model: A900H naming the tag.
    /// </summary>
    public static void CheckRetrieve(CFindQuery query)
    {
        var unique = query.UniqueKeys.Select(k => k.Tag).ToHashSet();
        foreach (var element in query.Identifier)
        {
            if (!IsControl(element.Tag) && !unique.Contains(element.Tag))
            {
                throw new QueryFailedException(CFindStatus.IdentifierDoesNotMatchSopClass, $"{element.Tag} is no unique key of the level or above");
            }
        }

        foreach (var tag in unique)
        {
            var value = query.Identifier.GetString(tag);
            if (string.IsNullOrEmpty(value))
            {
                throw new QueryFailedException(CFindStatus.IdentifierDoesNotMatchSopClass, $"unique key {tag} missing or empty");
            }

            if (tag == DicomTags.PatientID && value.Contains('\\', StringComparison.Ordinal))
            {
                // C.4.2.2.1: a list of values is allowed for the UID keys only.
                throw new QueryFailedException(CFindStatus.IdentifierDoesNotMatchSopClass, $"unique key {tag} takes a single value");
            }
        }
    }

    /// <summary>The level a known key belongs to; null for attributes the tables do not name.</summary>
    public static QueryLevel? LevelOf(DicomTag tag, QueryModel model)
    {
        if (!Levels.TryGetValue(tag, out var level))
        {
            return null;
        }

        // C.6.2.1: in the Study Root model patient attributes are study attributes.
        return model == QueryModel.StudyRoot && level == QueryLevel.Patient ? QueryLevel.Study : level;
    }

    /// <summary>Elements that steer the query rather than match: group lengths, (0008,0005), (0008,0052), command and meta groups.</summary>
    public static bool IsControl(DicomTag tag) =>
        tag.Element == 0x0000 || tag.Group <= 0x0002 || tag == DicomTags.SpecificCharacterSet || tag == DicomTags.QueryRetrieveLevel;

    private static Dictionary<DicomTag, QueryLevel> Build()
    {
        var levels = new Dictionary<DicomTag, QueryLevel>();
        void Add(QueryLevel level, params DicomTag[] tags)
        {
            foreach (var tag in tags)
            {
                levels[tag] = level;
            }
        }

        Add(
            QueryLevel.Patient,
            DicomTags.PatientName, DicomTags.PatientID, DicomTags.IssuerOfPatientID, DicomTags.IssuerOfPatientIDQualifiersSequence,
            DicomTags.ReferencedPatientSequence, DicomTags.PatientBirthDate, DicomTags.PatientBirthTime, DicomTags.PatientSex,
            DicomTags.OtherPatientIDsSequence, DicomTags.OtherPatientNames, DicomTags.EthnicGroup, DicomTags.PatientComments,
            DicomTags.NumberOfPatientRelatedStudies, DicomTags.NumberOfPatientRelatedSeries, DicomTags.NumberOfPatientRelatedInstances);
        Add(
            QueryLevel.Study,
            DicomTags.StudyDate, DicomTags.StudyTime, DicomTags.AccessionNumber, DicomTags.StudyID, DicomTags.StudyInstanceUID,
            DicomTags.ModalitiesInStudy, DicomTags.SOPClassesInStudy, DicomTags.AnatomicRegionsInStudyCodeSequence,
            DicomTags.ReferringPhysicianName, DicomTags.StudyDescription, DicomTags.ProcedureCodeSequence,
            DicomTags.NameOfPhysiciansReadingStudy, DicomTags.AdmittingDiagnosesDescription, DicomTags.ReferencedStudySequence,
            DicomTags.IssuerOfAccessionNumberSequence, DicomTags.PatientAge, DicomTags.PatientSize, DicomTags.PatientWeight,
            DicomTags.Occupation, DicomTags.AdditionalPatientHistory, DicomTags.NumberOfStudyRelatedSeries,
            DicomTags.NumberOfStudyRelatedInstances);
        Add(
            QueryLevel.Series,
            DicomTags.Modality, DicomTags.SeriesNumber, DicomTags.SeriesInstanceUID, DicomTags.NumberOfSeriesRelatedInstances,
            DicomTags.SeriesDate, DicomTags.SeriesTime, DicomTags.SeriesDescription, DicomTags.BodyPartExamined,
            DicomTags.PerformedProcedureStepStartDate, DicomTags.PerformedProcedureStepStartTime, DicomTags.RequestAttributesSequence);
        Add(
            QueryLevel.Image,
            DicomTags.InstanceNumber, DicomTags.SOPInstanceUID, DicomTags.SOPClassUID, DicomTags.AvailableTransferSyntaxUID,
            DicomTags.AlternateRepresentationSequence, DicomTags.Rows, DicomTags.Columns, DicomTags.BitsAllocated,
            DicomTags.NumberOfFrames, DicomTags.ContentDate, DicomTags.ContentTime, DicomTags.ConceptNameCodeSequence,
            DicomTags.CompletionFlag, DicomTags.VerificationFlag);
        return levels;
    }
}
