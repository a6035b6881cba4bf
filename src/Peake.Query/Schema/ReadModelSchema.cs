using System.Data.Common;

namespace Peake.Query.Schema;

/// <summary>
/// The read model's tables (prefix qr_, BRIEF6 1.3), created by idempotent DDL at start-up on SQLite and PostgreSQL
/// alike. Dates are YYYYMMDD and times HHMMSS.FFFFFF text padded as range matching pads them, so text order is time
/// order on both engines; *_norm columns are upper-cased copies for case-insensitive prefiltering. A NULL in a
/// filter column means "not known as one value" (multi-valued, unreadable): the prefilter lets such rows through.
/// Dropping the qr_ tables rebuilds the model from the journal (the projection starts again at offset 0).
/// qr_offset has one row per followed tag ("instance", "study").
/// </summary>
public static class ReadModelSchema
{
    public static async Task EnsureAsync(ReadModelDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await CreateAsync(database, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (DbException e) when (e.SqlState == DeadlockDetected && attempt < 3)
            {
                // PostgreSQL broke a lock cycle between this DDL and another session's statements (seen once in CI):
                // the transaction was rolled back whole, and the DDL is idempotent, so it is simply run again.
            }
        }
    }

    private const string DeadlockDetected = "40P01";

    private static async Task CreateAsync(ReadModelDatabase database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // PostgreSQL's IF NOT EXISTS is not safe against a concurrent CREATE (two nodes starting): serialise on a lock.
        var statements = database.IsSqlite ? Statements(database.BlobType) : Statements(database.BlobType).Prepend($"SELECT pg_advisory_xact_lock({SchemaLock})");
        foreach (var statement in statements)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    // Any constant unique to this schema: "qr" in ASCII.
    private const long SchemaLock = 0x7172;

    /// <summary>Drops the read model (a rebuild); the journal is untouched.</summary>
    public static async Task DropAsync(ReadModelDatabase database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        foreach (var table in new[] { "qr_instance", "qr_series", "qr_study", "qr_patient", "qr_study_home", "qr_access", "qr_offset" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"DROP TABLE IF EXISTS {table}";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    internal static IEnumerable<string> Statements(string blob) =>
    [
        $"""
        CREATE TABLE IF NOT EXISTS qr_patient (
          patient_key TEXT PRIMARY KEY,
          patient_id TEXT NOT NULL,
          issuer_of_patient_id TEXT NOT NULL DEFAULT '',
          patient_name_norm TEXT, birth_date TEXT, sex TEXT,
          master_patient_id TEXT,
          attrs {blob},
          n_studies INTEGER NOT NULL DEFAULT 0, n_series INTEGER NOT NULL DEFAULT 0, n_instances INTEGER NOT NULL DEFAULT 0,
          updated_offset BIGINT NOT NULL DEFAULT 0)
        """,
        "CREATE INDEX IF NOT EXISTS qr_patient_id ON qr_patient (patient_id)",
        "CREATE INDEX IF NOT EXISTS qr_patient_name ON qr_patient (patient_name_norm)",
        "CREATE INDEX IF NOT EXISTS qr_patient_birth ON qr_patient (birth_date)",
        $"""
        CREATE TABLE IF NOT EXISTS qr_study (
          study_uid TEXT PRIMARY KEY,
          patient_key TEXT NOT NULL,
          patient_id TEXT, patient_name_norm TEXT, birth_date TEXT, sex TEXT,
          study_date TEXT, study_time TEXT, accession_number TEXT, study_id TEXT,
          study_description_norm TEXT, referring_physician_norm TEXT,
          modalities TEXT NOT NULL DEFAULT '', sop_classes TEXT NOT NULL DEFAULT '',
          n_series INTEGER NOT NULL DEFAULT 0, n_instances INTEGER NOT NULL DEFAULT 0,
          home_site TEXT, charset TEXT,
          attrs {blob},
          last_access_utc TEXT, last_access_hospital TEXT, access_count INTEGER NOT NULL DEFAULT 0,
          updated_seq BIGINT NOT NULL DEFAULT 0)
        """,
        "CREATE INDEX IF NOT EXISTS qr_study_patient ON qr_study (patient_key)",
        "CREATE INDEX IF NOT EXISTS qr_study_patient_id ON qr_study (patient_id)",
        "CREATE INDEX IF NOT EXISTS qr_study_date ON qr_study (study_date, study_time)",
        "CREATE INDEX IF NOT EXISTS qr_study_accession ON qr_study (accession_number)",
        "CREATE INDEX IF NOT EXISTS qr_study_name ON qr_study (patient_name_norm)",
        "CREATE INDEX IF NOT EXISTS qr_study_access ON qr_study (last_access_utc)",
        $"""
        CREATE TABLE IF NOT EXISTS qr_series (
          series_uid TEXT PRIMARY KEY,
          study_uid TEXT NOT NULL,
          modality TEXT, series_number INTEGER, series_date TEXT, series_time TEXT,
          series_description_norm TEXT, body_part TEXT, pps_start_date TEXT, pps_start_time TEXT,
          n_instances INTEGER NOT NULL DEFAULT 0,
          attrs {blob},
          updated_seq BIGINT NOT NULL DEFAULT 0)
        """,
        "CREATE INDEX IF NOT EXISTS qr_series_study ON qr_series (study_uid, series_number)",
        "CREATE INDEX IF NOT EXISTS qr_series_modality ON qr_series (modality)",
        $"""
        CREATE TABLE IF NOT EXISTS qr_instance (
          sop_instance_uid TEXT PRIMARY KEY,
          series_uid TEXT NOT NULL, study_uid TEXT NOT NULL,
          sop_class_uid TEXT, instance_number INTEGER, transfer_syntax_uid TEXT,
          hash TEXT NOT NULL, size BIGINT NOT NULL, older_hashes TEXT NOT NULL DEFAULT '',
          image_rows INTEGER, image_columns INTEGER, number_of_frames INTEGER,
          attrs {blob},
          seq BIGINT NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS qr_instance_series ON qr_instance (series_uid, instance_number)",
        "CREATE INDEX IF NOT EXISTS qr_instance_study ON qr_instance (study_uid)",
        "CREATE INDEX IF NOT EXISTS qr_instance_class ON qr_instance (sop_class_uid)",
        "CREATE INDEX IF NOT EXISTS qr_instance_hash ON qr_instance (hash)",
        // The newest StudyRelocated per study: the study stream may run ahead of the instance stream that creates the row.
        """
        CREATE TABLE IF NOT EXISTS qr_study_home (
          study_uid TEXT PRIMARY KEY,
          home_site TEXT NOT NULL,
          seq BIGINT NOT NULL)
        """,
        // One row per StudyAccessed (ADR 0033), keyed by the study journal's sequence number: a replay inserts nothing new,
        // and qr_study's last_access_* and access_count are recomputed from it, whichever stream created the study row.
        """
        CREATE TABLE IF NOT EXISTS qr_access (
          study_uid TEXT NOT NULL,
          seq BIGINT NOT NULL,
          at_utc TEXT NOT NULL,
          hospital TEXT NOT NULL,
          via TEXT NOT NULL,
          PRIMARY KEY (study_uid, seq))
        """,
        """
        CREATE TABLE IF NOT EXISTS qr_offset (
          stream TEXT PRIMARY KEY,
          last_offset BIGINT NOT NULL,
          updated_utc TEXT NOT NULL)
        """,
    ];

    internal static DbParameter Parameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
