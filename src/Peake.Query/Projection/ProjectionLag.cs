using System.Data.Common;
using System.Globalization;
using Peake.Cluster.Studies;
using Peake.Query.Schema;
using static Peake.Query.Schema.ReadModelSchema;

namespace Peake.Query.Projection;

/// <summary>How far the read model is behind the journal: events not yet applied, and the age of the oldest of them.</summary>
public sealed record ProjectionLag(long Events, TimeSpan Age, long ProjectedOffset)
{
    /// <summary>
    /// Measured from the shared database, not from the singleton, so every node reports it (BRIEF6 1.5): events tagged
    /// "instance" past the stored offset (the journal's tag table and its "created" ticks, Akka.Persistence.Sql's schema).
    /// </summary>
    // SQLite: "no such table" (error 1); PostgreSQL: undefined_table (42P01).
    private static bool IsMissingTable(DbException e) =>
        e.SqlState == "42P01" || e.Message.Contains("no such table", StringComparison.Ordinal);

    public static async Task<ProjectionLag> MeasureAsync(ReadModelDatabase database, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(time);
        await database.SchemaReadyAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COUNT(t.ordering_id), MIN(j.created), MAX(o.last_offset)
            FROM (SELECT COALESCE(MAX(last_offset), 0) AS last_offset FROM qr_offset WHERE stream = @stream) o
            LEFT JOIN tags t ON t.tag = @tag AND t.ordering_id > o.last_offset
            LEFT JOIN journal j ON j.ordering = t.ordering_id
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
            // The journal creates its tag table with the first tagged event: before that nothing is behind.
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
}
