using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Peake.Dicom;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Query;
using Peake.Query.Projection;
using Peake.Query.Schema;

namespace Peake.Query.Querying;

/// <summary>One entity read from the read model: its merged data set, and for instances what a retrieve needs.</summary>
internal sealed record CandidateRow(DicomDataset Dataset, RetrieveItem? Item);

/// <summary>
/// Reads the entities of a level that pass a <see cref="Prefilter"/>, a page at a time by keyset (the level's primary
/// key, byte order), each page on a connection of its own so a slow consumer holds no transaction open. Each row
/// becomes one data set: the study row's patient and study attributes, then the series', then the instance's, then the
/// computed attributes of PS3.4 C.3.4 (ModalitiesInStudy, SOPClassesInStudy, Number of … Related …) from the
/// recomputed columns; the UIDs come from the columns too, so an instance projected without attributes still answers.
/// </summary>
internal static class CandidateReader
{
    private sealed record Shape(string Key, string From, string Select);

    private const string StudyColumns =
        "s.study_uid, s.attrs, s.modalities, s.sop_classes, s.n_series, s.n_instances, p.n_studies, p.n_series, p.n_instances, s.patient_id";

    private static readonly Dictionary<QueryLevel, Shape> Shapes = new()
    {
        [QueryLevel.Patient] = new("p.patient_key", "qr_patient p", "p.patient_key, p.attrs, p.n_studies, p.n_series, p.n_instances, p.patient_id"),
        [QueryLevel.Study] = new("s.study_uid", "qr_study s LEFT JOIN qr_patient p ON p.patient_key = s.patient_key", "s.study_uid, " + StudyColumns),
        [QueryLevel.Series] = new(
            "r.series_uid",
            "qr_series r JOIN qr_study s ON s.study_uid = r.study_uid LEFT JOIN qr_patient p ON p.patient_key = s.patient_key",
            "r.series_uid, " + StudyColumns + ", r.attrs, r.n_instances"),
        [QueryLevel.Image] = new(
            "i.sop_instance_uid",
            "qr_instance i JOIN qr_series r ON r.series_uid = i.series_uid JOIN qr_study s ON s.study_uid = i.study_uid"
            + " LEFT JOIN qr_patient p ON p.patient_key = s.patient_key",
            "i.sop_instance_uid, " + StudyColumns + ", r.attrs, r.n_instances, r.series_uid, i.attrs, i.sop_class_uid, i.transfer_syntax_uid, i.hash, i.size"),
    };

    public static async IAsyncEnumerable<CandidateRow> ReadAsync(ReadModelDatabase database, QueryLevel level, Prefilter filter, int pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var shape = Shapes[level];
        string? after = null;
        while (true)
        {
            var page = new List<CandidateRow>(pageSize);
            string? last = null;
            try
            {
                await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using var command = connection.CreateCommand();
                var keyset = after is null ? "" : $" AND {shape.Key}{filter.Collate} > @after";
                command.CommandText = $"SELECT {shape.Select} FROM {shape.From} WHERE {filter.Where}{keyset} "
                    + $"ORDER BY {shape.Key}{filter.Collate} LIMIT {pageSize.ToString(CultureInfo.InvariantCulture)}";
                foreach (var (name, value) in filter.Parameters)
                    ReadModelSchema.Parameter(command, name, value);
                if (after is not null)
                    ReadModelSchema.Parameter(command, "@after", after);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    last = reader.GetString(0);
                    page.Add(Row(level, reader));
                }
            }
            catch (DbException e)
            {
                // PS3.4 C.4.1.1.4: the read model being unreachable is a transient lack of resources, not a bad query.
                throw new QueryFailedException(CFindStatus.OutOfResources, $"read model unavailable: {Truncate(e.Message)}");
            }
            catch (DicomParseException e)
            {
                throw new QueryFailedException(CFindStatus.UnableToProcess, $"unreadable stored attributes: {Truncate(e.Message)}");
            }
            foreach (var row in page)
                yield return row;
            if (page.Count < pageSize || last is null)
                yield break;
            after = last;
        }
    }

    // An Error Comment (0000,0902) holds at most 64 characters.
    private static string Truncate(string message) => message.Length <= 40 ? message : message[..40];

    private static CandidateRow Row(QueryLevel level, DbDataReader r)
    {
        var dataset = new DicomDataset();
        if (level == QueryLevel.Patient)
        {
            Merge(dataset, r, 1);
            SetIfMissing(dataset, DicomTags.PatientID, DicomVR.LO, r.GetString(5));
            SetCount(dataset, DicomTags.NumberOfPatientRelatedStudies, r, 2);
            SetCount(dataset, DicomTags.NumberOfPatientRelatedSeries, r, 3);
            SetCount(dataset, DicomTags.NumberOfPatientRelatedInstances, r, 4);
            return new CandidateRow(dataset, null);
        }

        // Study columns start at 1 (after the key) for every level below the patient.
        const int s = 1;
        Merge(dataset, r, s + 1);
        SetIfMissing(dataset, DicomTags.StudyInstanceUID, DicomVR.UI, r.GetString(s));
        SetIfMissing(dataset, DicomTags.PatientID, DicomVR.LO, r.IsDBNull(s + 9) ? "" : r.GetString(s + 9));
        SetList(dataset, DicomTags.ModalitiesInStudy, DicomVR.CS, r, s + 2);
        SetList(dataset, DicomTags.SOPClassesInStudy, DicomVR.UI, r, s + 3);
        SetCount(dataset, DicomTags.NumberOfStudyRelatedSeries, r, s + 4);
        SetCount(dataset, DicomTags.NumberOfStudyRelatedInstances, r, s + 5);
        SetCount(dataset, DicomTags.NumberOfPatientRelatedStudies, r, s + 6);
        SetCount(dataset, DicomTags.NumberOfPatientRelatedSeries, r, s + 7);
        SetCount(dataset, DicomTags.NumberOfPatientRelatedInstances, r, s + 8);
        if (level == QueryLevel.Study)
            return new CandidateRow(dataset, null);

        const int series = s + 10;
        Merge(dataset, r, series);
        SetCount(dataset, DicomTags.NumberOfSeriesRelatedInstances, r, series + 1);
        if (level == QueryLevel.Series)
        {
            SetIfMissing(dataset, DicomTags.SeriesInstanceUID, DicomVR.UI, r.GetString(0));
            return new CandidateRow(dataset, null);
        }

        const int instance = series + 2;
        var seriesUid = r.GetString(instance);
        SetIfMissing(dataset, DicomTags.SeriesInstanceUID, DicomVR.UI, seriesUid);
        Merge(dataset, r, instance + 1);
        var sop = r.GetString(0);
        var sopClass = r.IsDBNull(instance + 2) ? "" : r.GetString(instance + 2);
        SetIfMissing(dataset, DicomTags.SOPInstanceUID, DicomVR.UI, sop);
        SetIfMissing(dataset, DicomTags.SOPClassUID, DicomVR.UI, sopClass);
        var item = new RetrieveItem(
            r.GetString(s), seriesUid, sop, sopClass, r.IsDBNull(instance + 3) ? "" : r.GetString(instance + 3),
            r.GetString(instance + 4), r.GetInt64(instance + 5));
        return new CandidateRow(dataset, item);
    }

    private static void Merge(DicomDataset into, DbDataReader r, int column)
    {
        if (r.IsDBNull(column))
            return;
        foreach (var element in InstanceAttributes.Read((byte[])r.GetValue(column)))
            into.Set(element);
    }

    private static void SetIfMissing(DicomDataset dataset, DicomTag tag, DicomVR vr, string value)
    {
        if (!dataset.Contains(tag) && value.Length > 0)
            dataset.SetString(tag, vr, value);
    }

    private static void SetList(DicomDataset dataset, DicomTag tag, DicomVR vr, DbDataReader r, int column)
    {
        if (!r.IsDBNull(column) && r.GetString(column).Length > 0)
            dataset.SetString(tag, vr, r.GetString(column));
    }

    // PS3.4 C.3.4: counts are IS (decimal text).
    private static void SetCount(DicomDataset dataset, DicomTag tag, DbDataReader r, int column)
    {
        if (!r.IsDBNull(column))
            dataset.SetString(tag, DicomVR.IS, Convert.ToInt64(r.GetValue(column), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
    }
}
