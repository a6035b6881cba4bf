using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Peake.Cluster.Persistence;

/// <summary>
/// Where a node's journal, snapshots and query journal live: an embedded SQLite file (the default, one machine) or a
/// PostgreSQL database (real clusters). Every node of a cluster must name the same database (ADR 0018).
/// </summary>
public sealed record JournalDatabase
{
    private JournalDatabase(JournalProvider provider, string connectionString)
    {
        Provider = provider;
        ConnectionString = connectionString;
    }

    public JournalProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>The linq2db provider name Akka.Persistence.Sql is configured with.</summary>
    public string ProviderName => Provider == JournalProvider.Sqlite ? "SQLite.MS" : "PostgreSQL.15";

    /// <summary>
    /// Concurrent writers per node. SQLite serialises writers even in WAL mode, so more than one only queues on the
    /// file lock; PostgreSQL takes a few per node.
    /// </summary>
    public int Parallelism => Provider == JournalProvider.Sqlite ? 1 : 4;

    public static JournalDatabase Sqlite(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(path),
            // Writers from other nodes hold the lock briefly; Microsoft.Data.Sqlite retries busy until this timeout.
            DefaultTimeout = 30,
        };
        return new JournalDatabase(JournalProvider.Sqlite, builder.ToString());
    }

    public static JournalDatabase Postgres(string connectionString)
    {
        // Parse now so a typo fails at start-up, not at the first persisted event.
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return new JournalDatabase(JournalProvider.PostgreSql, builder.ConnectionString);
    }

    /// <summary>
    /// Makes the database ready for the journal's auto-initialisation: for SQLite the folder exists and the file is
    /// in WAL mode (readers do not block the writer; the mode is stored in the file, so once is enough).
    /// </summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (Provider != JournalProvider.Sqlite)
            return;
        var path = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>
    /// A connection for health checks and tests. SQLite opens read-write without creating: a missing file is an
    /// unreachable journal, not a new empty one.
    /// </summary>
    internal DbConnection CreateConnection(TimeSpan timeout) => Provider == JournalProvider.Sqlite
        ? new SqliteConnection(new SqliteConnectionStringBuilder(ConnectionString)
        {
            Mode = SqliteOpenMode.ReadWrite,
            DefaultTimeout = (int)Math.Ceiling(timeout.TotalSeconds),
        }.ToString())
        : new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString)
        {
            Timeout = (int)Math.Ceiling(timeout.TotalSeconds),
            CommandTimeout = (int)Math.Ceiling(timeout.TotalSeconds),
        }.ConnectionString);

    public override string ToString() => $"{Provider} journal";
}
