using System.Data.Common;
using System.Globalization;
using Peake.Cluster.Studies;
using Peake.Dicom;
using Peake.Dicom.Network.Query;
using Peake.Query.Schema;
using static Peake.Query.Schema.ReadModelSchema;

namespace Peake.Query.Projection;

/// <summary>
/// Applies one batch of events in one transaction together with the stream's offset row, so a crash replays at most
/// the batch that did not commit (BRIEF6 1.4). Every write is idempotent: instance rows are guarded by the study
/// journal's sequence number (<see cref="InstanceVersions"/>), series and study rows by it too, patient rows by the
/// global offset, access records by study and sequence number; counts, modalities, SOP classes and the last access
/// are recomputed for every touched study and patient, never incremented, so a replay or a duplicate cannot skew them.
/// </summary>
internal sealed class ReadModelWriter(ReadModelDatabase database)
{
    private const string StudyPrefix = "study-";

    // The live stream and a rescan may apply batches at once: one at a time keeps each instance's
    // read-modify-write whole (and PostgreSQL free of lock-order deadlocks between them).
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task ApplyAsync(string stream, IReadOnlyList<ProjectedEvent> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
            return;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ApplyLockedAsync(stream, batch, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ApplyLockedAsync(string stream, IReadOnlyList<ProjectedEvent> batch, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var studies = new HashSet<string>(StringComparer.Ordinal);
        var patients = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in batch)
        {
            if (!e.PersistenceId.StartsWith(StudyPrefix, StringComparison.Ordinal))
                continue;
            var study = e.PersistenceId[StudyPrefix.Length..];
            if (e.Event is InstanceStored stored)
                await ApplyAsync(tx, e, study, stored, studies, patients, cancellationToken).ConfigureAwait(false);
            else if (e.Event is StudyRelocated moved)
                await RelocateAsync(tx, study, moved.To, e.SequenceNr, cancellationToken).ConfigureAwait(false);
            else if (e.Event is StudyAccessed accessed)
                await AccessedAsync(tx, study, accessed, e.SequenceNr, studies, cancellationToken).ConfigureAwait(false);
        }
        foreach (var study in studies)
            await RecountStudyAsync(tx, study, cancellationToken).ConfigureAwait(false);
        foreach (var patient in patients)
            await RecountPatientAsync(tx, patient, cancellationToken).ConfigureAwait(false);
        await SaveOffsetAsync(tx, stream, batch.Max(e => e.Offset), cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The offset a stream resumes after (0: from the start).</summary>
    public async Task<long> OffsetAsync(string stream, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT last_offset FROM qr_offset WHERE stream = @stream";
        Parameter(command, "@stream", stream);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } value and not DBNull
            ? Convert.ToInt64(value, CultureInfo.InvariantCulture)
            : 0;
    }

    private static async Task ApplyAsync(DbTransaction tx, ProjectedEvent e, string studyUid, InstanceStored stored,
        HashSet<string> studies, HashSet<string> patients, CancellationToken ct)
    {
        var current = await CurrentAsync(tx, stored.SopInstanceUid, ct).ConfigureAwait(false);
        var row = InstanceVersions.Apply(current, stored.Hash, e.SequenceNr);
        if (row is null)
            return;
        if (row.Hash != stored.Hash)
        {
            // A late older version only joins the list: the current version's row stays as it is.
            await ExecuteAsync(tx, "UPDATE qr_instance SET older_hashes = @older WHERE sop_instance_uid = @sop", ct,
                ("@older", row.OlderHashes), ("@sop", stored.SopInstanceUid)).ConfigureAwait(false);
            return;
        }
        var attributes = InstanceAttributes.Decode(stored.QueryAttributes);
        var all = attributes.All;
        await ExecuteAsync(tx, """
            INSERT INTO qr_instance (sop_instance_uid, series_uid, study_uid, sop_class_uid, instance_number, transfer_syntax_uid,
              hash, size, older_hashes, image_rows, image_columns, number_of_frames, attrs, seq)
            VALUES (@sop, @series, @study, @class, @number, @ts, @hash, @size, @older, @rows, @columns, @frames, @attrs, @seq)
            ON CONFLICT (sop_instance_uid) DO UPDATE SET series_uid = excluded.series_uid, study_uid = excluded.study_uid,
              sop_class_uid = excluded.sop_class_uid, instance_number = excluded.instance_number,
              transfer_syntax_uid = excluded.transfer_syntax_uid, hash = excluded.hash, size = excluded.size,
              older_hashes = excluded.older_hashes, image_rows = excluded.image_rows, image_columns = excluded.image_columns,
              number_of_frames = excluded.number_of_frames, attrs = excluded.attrs, seq = excluded.seq
            """, ct,
            ("@sop", stored.SopInstanceUid), ("@series", stored.SeriesInstanceUid), ("@study", studyUid), ("@class", stored.SopClassUid),
            ("@number", ColumnText.Integer(all, DicomTags.InstanceNumber)), ("@ts", stored.TransferSyntaxUid),
            ("@hash", row.Hash), ("@size", stored.Size), ("@older", row.OlderHashes),
            ("@rows", ColumnText.Integer(all, DicomTags.Rows)), ("@columns", ColumnText.Integer(all, DicomTags.Columns)),
            ("@frames", ColumnText.Integer(all, DicomTags.NumberOfFrames)), ("@attrs", attributes.Encode(QueryLevel.Image)), ("@seq", row.Seq))
            .ConfigureAwait(false);
        studies.Add(studyUid);

        var (patientKey, patientId, issuer) = PatientKey(all, stored.PatientMasterId);
        var previousPatient = await ScalarAsync(tx, "SELECT patient_key FROM qr_study WHERE study_uid = @study", ct, ("@study", studyUid)).ConfigureAwait(false);
        if (previousPatient is string previous && previous != patientKey)
            patients.Add(previous);
        patients.Add(patientKey);
        var hasAttributes = all.Count > 0;
        await ExecuteAsync(tx, """
            INSERT INTO qr_series (series_uid, study_uid, modality, series_number, series_date, series_time, series_description_norm,
              body_part, pps_start_date, pps_start_time, attrs, updated_seq)
            VALUES (@series, @study, @modality, @number, @date, @time, @description, @body, @ppsdate, @ppstime, @attrs, @seq)
            ON CONFLICT (series_uid) DO UPDATE SET study_uid = excluded.study_uid, modality = excluded.modality,
              series_number = excluded.series_number, series_date = excluded.series_date, series_time = excluded.series_time,
              series_description_norm = excluded.series_description_norm, body_part = excluded.body_part,
              pps_start_date = excluded.pps_start_date, pps_start_time = excluded.pps_start_time, attrs = excluded.attrs,
              updated_seq = excluded.updated_seq
            WHERE excluded.updated_seq >= qr_series.updated_seq AND (@has = 1 OR qr_series.attrs IS NULL)
            """, ct,
            ("@series", stored.SeriesInstanceUid), ("@study", studyUid), ("@modality", ColumnText.Single(all, DicomTags.Modality)),
            ("@number", ColumnText.Integer(all, DicomTags.SeriesNumber)), ("@date", ColumnText.Date(all, DicomTags.SeriesDate)),
            ("@time", ColumnText.Time(all, DicomTags.SeriesTime)), ("@description", ColumnText.Upper(ColumnText.Single(all, DicomTags.SeriesDescription))),
            ("@body", ColumnText.Single(all, DicomTags.BodyPartExamined)), ("@ppsdate", ColumnText.Date(all, DicomTags.PerformedProcedureStepStartDate)),
            ("@ppstime", ColumnText.Time(all, DicomTags.PerformedProcedureStepStartTime)), ("@attrs", attributes.Encode(QueryLevel.Series)),
            ("@seq", e.SequenceNr), ("@has", hasAttributes ? 1 : 0)).ConfigureAwait(false);
        var name = ColumnText.Upper(ColumnText.Single(all, DicomTags.PatientName));
        var birth = ColumnText.Date(all, DicomTags.PatientBirthDate);
        var sex = ColumnText.Single(all, DicomTags.PatientSex);
        await ExecuteAsync(tx, """
            INSERT INTO qr_study (study_uid, patient_key, patient_id, patient_name_norm, birth_date, sex, study_date, study_time,
              accession_number, study_id, study_description_norm, referring_physician_norm, home_site, charset, attrs, updated_seq)
            VALUES (@study, @patient, @pid, @name, @birth, @sex, @date, @time, @accession, @sid, @description, @referring,
              @home, @charset, @attrs, @seq)
            ON CONFLICT (study_uid) DO UPDATE SET patient_key = excluded.patient_key, patient_id = excluded.patient_id,
              patient_name_norm = excluded.patient_name_norm, birth_date = excluded.birth_date, sex = excluded.sex,
              study_date = excluded.study_date, study_time = excluded.study_time, accession_number = excluded.accession_number,
              study_id = excluded.study_id, study_description_norm = excluded.study_description_norm,
              referring_physician_norm = excluded.referring_physician_norm, home_site = excluded.home_site,
              charset = excluded.charset, attrs = excluded.attrs, updated_seq = excluded.updated_seq
            WHERE excluded.updated_seq >= qr_study.updated_seq AND (@has = 1 OR qr_study.attrs IS NULL)
            """, ct,
            ("@study", studyUid), ("@patient", patientKey), ("@pid", patientId), ("@name", name), ("@birth", birth), ("@sex", sex),
            ("@date", ColumnText.Date(all, DicomTags.StudyDate)), ("@time", ColumnText.Time(all, DicomTags.StudyTime)),
            ("@accession", ColumnText.Single(all, DicomTags.AccessionNumber)), ("@sid", ColumnText.Single(all, DicomTags.StudyID)),
            ("@description", ColumnText.Upper(ColumnText.Single(all, DicomTags.StudyDescription))),
            ("@referring", ColumnText.Upper(ColumnText.Single(all, DicomTags.ReferringPhysicianName))),
            ("@home", await HomeSiteAsync(tx, studyUid, stored.HomeSite, e.SequenceNr, ct).ConfigureAwait(false)), ("@charset", all.GetString(DicomTags.SpecificCharacterSet) ?? ""),
            ("@attrs", attributes.Encode(QueryLevel.Patient, QueryLevel.Study)), ("@seq", e.SequenceNr), ("@has", hasAttributes ? 1 : 0))
            .ConfigureAwait(false);
        await ExecuteAsync(tx, """
            INSERT INTO qr_patient (patient_key, patient_id, issuer_of_patient_id, patient_name_norm, birth_date, sex,
              master_patient_id, attrs, updated_offset)
            VALUES (@patient, @pid, @issuer, @name, @birth, @sex, @master, @attrs, @offset)
            ON CONFLICT (patient_key) DO UPDATE SET patient_name_norm = excluded.patient_name_norm, birth_date = excluded.birth_date,
              sex = excluded.sex, master_patient_id = excluded.master_patient_id, attrs = excluded.attrs,
              updated_offset = excluded.updated_offset
            WHERE excluded.updated_offset >= qr_patient.updated_offset AND (@has = 1 OR qr_patient.attrs IS NULL)
            """, ct,
            ("@patient", patientKey), ("@pid", patientId), ("@issuer", issuer), ("@name", name), ("@birth", birth), ("@sex", sex),
            ("@master", stored.PatientMasterId), ("@attrs", attributes.Encode(QueryLevel.Patient)), ("@offset", e.Offset),
            ("@has", hasAttributes ? 1 : 0)).ConfigureAwait(false);
    }

    private static async Task<string> HomeSiteAsync(DbTransaction tx, string study, string site, long seq, CancellationToken ct) =>
        await ScalarAsync(tx, "SELECT home_site FROM qr_study_home WHERE study_uid = @study AND seq > @seq", ct, ("@study", study), ("@seq", seq))
            .ConfigureAwait(false) as string ?? site;

    /// <summary>
    /// Issuer + U+0001 + Patient ID: two hospitals' bare MRNs are two patients (BRIEF6 1.3). An event without attributes
    /// (written before ADR 0030) files under its master patient id until its header is backfilled.
    /// </summary>
    internal static (string Key, string PatientId, string Issuer) PatientKey(DicomDataset attributes, string masterPatientId)
    {
        var id = attributes.GetString(DicomTags.PatientID)?.Trim() ?? "";
        var issuer = attributes.GetString(DicomTags.IssuerOfPatientID)?.Trim() ?? "";
        return id.Length == 0 ? ("\u0002" + masterPatientId, "", "") : (issuer + "\u0001" + id, id, issuer);
    }

    /// <summary>
    /// The study's home follows its newest relocation. Both orders of the two streams give the same row: the
    /// relocation is kept in qr_study_home, and an instance event older than it does not take the home back.
    /// </summary>
    private static async Task RelocateAsync(DbTransaction tx, string study, string site, long seq, CancellationToken ct)
    {
        await ExecuteAsync(tx, """
            INSERT INTO qr_study_home (study_uid, home_site, seq) VALUES (@study, @site, @seq)
            ON CONFLICT (study_uid) DO UPDATE SET home_site = excluded.home_site, seq = excluded.seq
            WHERE excluded.seq > qr_study_home.seq
            """, ct, ("@study", study), ("@site", site), ("@seq", seq)).ConfigureAwait(false);
        await ExecuteAsync(tx, "UPDATE qr_study SET home_site = @site WHERE study_uid = @study AND updated_seq < @seq", ct,
            ("@study", study), ("@site", site), ("@seq", seq)).ConfigureAwait(false);
    }

    /// <summary>
    /// An access record (ADR 0033) is kept once per journal sequence number; the study row's last access (latest time,
    /// its hospital) and count are then recomputed from them, so replays, rescans and either stream running ahead agree.
    /// </summary>
    private static async Task AccessedAsync(
        DbTransaction tx, string study, StudyAccessed accessed, long seq, HashSet<string> studies, CancellationToken ct)
    {
        await ExecuteAsync(tx, """
            INSERT INTO qr_access (study_uid, seq, at_utc, hospital, via) VALUES (@study, @seq, @at, @hospital, @via)
            ON CONFLICT (study_uid, seq) DO NOTHING
            """, ct, ("@study", study), ("@seq", seq), ("@at", AccessTime(accessed.AtUtc)), ("@hospital", accessed.HospitalAe),
            ("@via", accessed.Via)).ConfigureAwait(false);
        studies.Add(study);
    }

    /// <summary>ISO 8601 in UTC with seven fractional digits: one fixed width, so text order is time order on both engines.</summary>
    private static string AccessTime(DateTime atUtc) =>
        DateTime.SpecifyKind(atUtc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static async Task<InstanceVersions.Row?> CurrentAsync(DbTransaction tx, string sop, CancellationToken ct)
    {
        await using var command = Command(tx);
        command.CommandText = "SELECT hash, older_hashes, seq FROM qr_instance WHERE sop_instance_uid = @sop";
        Parameter(command, "@sop", sop);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false)
            ? new InstanceVersions.Row(reader.GetString(0), reader.GetString(1), reader.GetInt64(2))
            : null;
    }

    private static async Task RecountStudyAsync(DbTransaction tx, string study, CancellationToken ct)
    {
        await ExecuteAsync(tx, """
            UPDATE qr_series SET n_instances = (SELECT COUNT(*) FROM qr_instance i WHERE i.series_uid = qr_series.series_uid)
            WHERE study_uid = @study
            """, ct, ("@study", study)).ConfigureAwait(false);
        var modalities = await DistinctAsync(tx, "SELECT DISTINCT modality FROM qr_series WHERE study_uid = @study", study, ct).ConfigureAwait(false);
        var classes = await DistinctAsync(tx, "SELECT DISTINCT sop_class_uid FROM qr_instance WHERE study_uid = @study", study, ct).ConfigureAwait(false);
        await ExecuteAsync(tx, """
            UPDATE qr_study SET n_series = (SELECT COUNT(*) FROM qr_series s WHERE s.study_uid = @study),
              n_instances = (SELECT COUNT(*) FROM qr_instance i WHERE i.study_uid = @study),
              modalities = @modalities, sop_classes = @classes,
              last_access_utc = (SELECT MAX(a.at_utc) FROM qr_access a WHERE a.study_uid = @study),
              last_access_hospital = (SELECT a.hospital FROM qr_access a WHERE a.study_uid = @study
                ORDER BY a.at_utc DESC, a.seq DESC LIMIT 1),
              access_count = (SELECT COUNT(*) FROM qr_access a WHERE a.study_uid = @study)
            WHERE study_uid = @study
            """, ct, ("@study", study), ("@modalities", modalities), ("@classes", classes)).ConfigureAwait(false);
    }

    private static async Task RecountPatientAsync(DbTransaction tx, string patient, CancellationToken ct) =>
        await ExecuteAsync(tx, """
            UPDATE qr_patient SET n_studies = (SELECT COUNT(*) FROM qr_study s WHERE s.patient_key = @patient),
              n_series = (SELECT COALESCE(SUM(s.n_series), 0) FROM qr_study s WHERE s.patient_key = @patient),
              n_instances = (SELECT COALESCE(SUM(s.n_instances), 0) FROM qr_study s WHERE s.patient_key = @patient)
            WHERE patient_key = @patient
            """, ct, ("@patient", patient)).ConfigureAwait(false);

    private static async Task<string> DistinctAsync(DbTransaction tx, string sql, string study, CancellationToken ct)
    {
        await using var command = Command(tx);
        command.CommandText = sql;
        Parameter(command, "@study", study);
        var values = new SortedSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            if (!reader.IsDBNull(0))
            {
                foreach (var value in reader.GetString(0).Split('\\'))
                {
                    if (value.Trim().Length > 0)
                        values.Add(value.Trim());
                }
            }
        }
        return string.Join('\\', values);
    }

    private static Task SaveOffsetAsync(DbTransaction tx, string stream, long offset, CancellationToken ct) =>
        ExecuteAsync(tx, """
            INSERT INTO qr_offset (stream, last_offset, updated_utc) VALUES (@stream, @offset, @now)
            ON CONFLICT (stream) DO UPDATE SET last_offset = excluded.last_offset, updated_utc = excluded.updated_utc
            WHERE excluded.last_offset > qr_offset.last_offset
            """, ct, ("@stream", stream), ("@offset", offset), ("@now", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture)));

    private static DbCommand Command(DbTransaction tx)
    {
        // Microsoft.Data.Sqlite refuses a command without the connection's pending transaction.
        var command = tx.Connection!.CreateCommand();
        command.Transaction = tx;
        return command;
    }

    internal static async Task ExecuteAsync(DbTransaction tx, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(tx);
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            Parameter(command, name, value);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(DbTransaction tx, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(tx);
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            Parameter(command, name, value);
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
    }
}
