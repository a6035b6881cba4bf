using Peake.Dicom;
using Peake.Dicom.Network.Query;

namespace Peake.Query.Querying;

internal enum ColumnKind
{
    Uid,
    Text,
    Upper,
    Integer,
    Date,
    Time,
    List,
}

/// <summary>A filter column: its SQL name (table alias p, s, r or i) and how keys compare with it.</summary>
internal sealed record Column(string Sql, ColumnKind Kind);

/// <summary>
/// Which keys have a column, per table: qr_patient p, qr_study s (patient columns denormalised, so Study Root never
/// joins for them), qr_series r, qr_instance i. A query at a level reads its own table and those above
/// (<see cref="CandidateReader"/>), so a key is filtered on the lowest of those tables that has it.
/// </summary>
internal static class Columns
{
    private static readonly Dictionary<uint, Column> Patient = new()
    {
        [DicomTags.PatientID.Value] = new("p.patient_id", ColumnKind.Text),
        [DicomTags.PatientName.Value] = new("p.patient_name_norm", ColumnKind.Upper),
        [DicomTags.PatientBirthDate.Value] = new("p.birth_date", ColumnKind.Date),
        [DicomTags.PatientSex.Value] = new("p.sex", ColumnKind.Text),
    };

    private static readonly Dictionary<uint, Column> Study = new()
    {
        [DicomTags.StudyInstanceUID.Value] = new("s.study_uid", ColumnKind.Uid),
        [DicomTags.PatientID.Value] = new("s.patient_id", ColumnKind.Text),
        [DicomTags.PatientName.Value] = new("s.patient_name_norm", ColumnKind.Upper),
        [DicomTags.PatientBirthDate.Value] = new("s.birth_date", ColumnKind.Date),
        [DicomTags.PatientSex.Value] = new("s.sex", ColumnKind.Text),
        [DicomTags.StudyDate.Value] = new("s.study_date", ColumnKind.Date),
        [DicomTags.StudyTime.Value] = new("s.study_time", ColumnKind.Time),
        [DicomTags.AccessionNumber.Value] = new("s.accession_number", ColumnKind.Text),
        [DicomTags.StudyID.Value] = new("s.study_id", ColumnKind.Text),
        [DicomTags.StudyDescription.Value] = new("s.study_description_norm", ColumnKind.Upper),
        [DicomTags.ReferringPhysicianName.Value] = new("s.referring_physician_norm", ColumnKind.Upper),
        [DicomTags.ModalitiesInStudy.Value] = new("s.modalities", ColumnKind.List),
        [DicomTags.SOPClassesInStudy.Value] = new("s.sop_classes", ColumnKind.List),
    };

    private static readonly Dictionary<uint, Column> Series = new()
    {
        [DicomTags.SeriesInstanceUID.Value] = new("r.series_uid", ColumnKind.Uid),
        [DicomTags.Modality.Value] = new("r.modality", ColumnKind.Text),
        [DicomTags.SeriesNumber.Value] = new("r.series_number", ColumnKind.Integer),
        [DicomTags.SeriesDate.Value] = new("r.series_date", ColumnKind.Date),
        [DicomTags.SeriesTime.Value] = new("r.series_time", ColumnKind.Time),
        [DicomTags.SeriesDescription.Value] = new("r.series_description_norm", ColumnKind.Upper),
        [DicomTags.BodyPartExamined.Value] = new("r.body_part", ColumnKind.Text),
        [DicomTags.PerformedProcedureStepStartDate.Value] = new("r.pps_start_date", ColumnKind.Date),
        [DicomTags.PerformedProcedureStepStartTime.Value] = new("r.pps_start_time", ColumnKind.Time),
    };

    private static readonly Dictionary<uint, Column> Instance = new()
    {
        [DicomTags.SOPInstanceUID.Value] = new("i.sop_instance_uid", ColumnKind.Uid),
        [DicomTags.SOPClassUID.Value] = new("i.sop_class_uid", ColumnKind.Uid),
        [DicomTags.InstanceNumber.Value] = new("i.instance_number", ColumnKind.Integer),
    };

    public static bool TryFind(QueryLevel level, DicomTag tag, out Column column)
    {
        var tables = level switch
        {
            QueryLevel.Patient => new[] { Patient },
            QueryLevel.Study => [Study],
            QueryLevel.Series => [Series, Study],
            _ => [Instance, Series, Study],
        };
        foreach (var table in tables)
        {
            if (table.TryGetValue(tag.Value, out column!))
                return true;
        }
        column = null!;
        return false;
    }
}
