using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using Peake.Cluster.Persistence;

namespace Peake.Query.Schema;

/// <summary>
/// The read model's connections: the journal's own database (BRIEF6 1.1), so one backup and one failover cover both
/// and the projection's offset commits in the same place as the rows it describes. Plain ADO.NET; the few dialect
/// differences (blob type) are named here.
/// </summary>
public sealed class ReadModelDatabase(JournalDatabase journal)
{
    public JournalDatabase Journal { get; } = journal ?? throw new ArgumentNullException(nameof(journal));

    public bool IsSqlite => Journal.Provider == JournalProvider.Sqlite;

    /// <summary>The column type of encoded data sets.</summary>
    internal string BlobType => IsSqlite ? "BLOB" : "bytea";

    private Task? _schema;

    /// <summary>The qr_ tables exist (created once per instance; a failed attempt is retried by the next caller).</summary>
    public Task SchemaReadyAsync()
    {
        var schema = _schema;
        if (schema is null || schema.IsFaulted || schema.IsCanceled)
            _schema = schema = ReadModelSchema.EnsureAsync(this, CancellationToken.None);
        return schema;
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = IsSqlite ? new SqliteConnection(Journal.ConnectionString) : new NpgsqlConnection(Journal.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
