using System.Data.Common;
using System.Globalization;
using Peake.Cluster.Studies;
using Peake.Query.Schema;
using static Peake.Query.Schema.ReadModelSchema;

namespace Peake.Query.Projection;

/// <summary>How far the read model is behind the journal: events not yet applied, and the age of the oldest of them.</summary>
public sealed record ProjectionLag(long Events, TimeSpan Age, long ProjectedOffset)
{
    // Akka.Persistence.Sql's default table names (tag-write-mode = TagTable), which PersistenceHocon keeps.
    private const string JournalTable = "journal";
    private const string TagTable = "tags";

    // SQLite: "no such table" (error 1); PostgreSQL: undefined_table (42P01).
    private static bool IsMissingTable(DbException e) =>
        e.SqlState == "42P01" || e.Message.Contains("no such table", StringComparison.Ordinal);

    /// <summary>
    /// Measured from the shared database, not from the singleton, so every node reports it (BRIEF6 1.5): events tagged
    /// "instance" past the stored offset (the journal's tag table and its "created" ticks, Akka.Persistence.Sql's schema).
    /// </summary>
    /// <exception cref="InvalidOperationException">The journal's tables are not where they should be (renamed, dropped).</exception>
    public static async Task<ProjectionLag> MeasureAsync(ReadModelDatabase database, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(time);
        await database.SchemaReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT COUNT(t.ordering_id), MIN(j.created), MAX(o.last_offset)
            FROM (SELECT COALESCE(MAX(last_offset), 0) AS last_offset FROM qr_offset WHERE stream = @stream) o
            LEFT JOIN {TagTable} t ON t.tag = @tag AND t.ordering_id > o.last_offset
            LEFT JOIN {JournalTable} j ON j.ordering = t.ordering_id
            """;
        Parameter(command, "@stream", StudyTags.Instance);
        Parameter(command, "@tag", StudyTags.Instance);
        DbDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e) when (IsMissingTable(e))
        {
            await NotCreatedYetAsync(connection, e, cancellationToken).ConfigureAwait(false);
            return new ProjectionLag(0, TimeSpan.Zero, 0);
        }
        await using var _ = reader;
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var events = Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture);
        var offset = Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture);
        if (events == 0 || reader.IsDBNull(1))
            return new ProjectionLag(events, TimeSpan.Zero, offset);
        // Akka.Persistence.Sql writes "created" as UTC ticks.
        var oldest = new DateTime(Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture), DateTimeKind.Utc);
        var age = time.GetUtcNow().UtcDateTime - oldest;
        return new ProjectionLag(events, age < TimeSpan.Zero ? TimeSpan.Zero : age, offset);
    }

    /// <summary>
    /// A missing table means "nothing behind" only in the one known case: a fresh cluster whose journal has not been
    /// used yet (the plugin creates the journal and tag tables together, on first use) and whose projection never
    /// applied an event. Anything else (one table of the two, or none although events were projected: a renamed or
    /// dropped table) is a fault /ready must report, not a lag of 0.
    /// </summary>
    private static async Task NotCreatedYetAsync(DbConnection connection, DbException missing, CancellationToken cancellationToken)
    {
        var journal = await TableExistsAsync(connection, JournalTable, cancellationToken).ConfigureAwait(false);
        var tags = await TableExistsAsync(connection, TagTable, cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(last_offset), 0) FROM qr_offset";
        var projected = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        if (journal || tags || projected > 0)
        {
            throw new InvalidOperationException(
                $"the journal's tables cannot be read ({missing.Message}; table '{JournalTable}' {(journal ? "exists" : "missing")}, " +
                $"'{TagTable}' {(tags ? "exists" : "missing")}, projected up to offset {projected})",
                missing);
        }
    }

    private static async Task<bool> TableExistsAsync(DbConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT 1 FROM {table} WHERE 1 = 0";
        try
        {
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbException e) when (IsMissingTable(e))
        {
            return false;
        }
    }
}
