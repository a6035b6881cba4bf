using Peake.Cluster.Studies;
using Peake.Query.Projection;
using Peake.Query.Tests.Harness;

namespace Peake.Query.Tests.Projection;

/// <summary>
/// The lag reads 0 when the journal does not exist yet (a fresh cluster), and is an error, not a lag of 0, when its
/// tables are not where they should be (ADR 0034): /ready must not call a read model with an unreadable journal current.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ProjectionLagTests(PostgresServer postgres)
{
    private const string Root = "1.2.826.0.1.3680043.10.98";

    public static TheoryData<Engine> Engines() => new(Engine.Sqlite, Engine.Postgres);

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Given_projected_events_When_the_tag_table_is_renamed_Then_measuring_the_lag_fails_naming_the_tables(Engine engine)
    {
        await using var bed = await ReadModelTestBed.CreateAsync(engine, postgres);
        await bed.WriteAsync(Root + ".1", new InstanceStored(Root + ".1.1", Root + ".1.1.1", "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1",
            new string('c', 64), 10, "a", "0123456789abcdef0123456789abcdef"));
        bed.StartProjection();
        await bed.CaughtUpAsync();
        await bed.StopProjectionAsync();

        await bed.ScalarAsync("ALTER TABLE tags RENAME TO tags_elsewhere");

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(
            () => ProjectionLag.MeasureAsync(bed.Database, TimeProvider.System, CancellationToken.None));
        Assert.Contains("'tags' missing", failure.Message, StringComparison.Ordinal);
        Assert.Contains("'journal' exists", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Given_a_journal_table_without_its_tag_table_When_the_lag_is_measured_Then_it_fails_rather_than_reading_zero(Engine engine)
    {
        await using var bed = await ReadModelTestBed.CreateAsync(engine, postgres);
        // Not the plugin's fresh state (it creates both tables together): a tag table lost or named differently.
        await bed.ScalarAsync("CREATE TABLE journal (ordering BIGINT, created BIGINT)");

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => ProjectionLag.MeasureAsync(bed.Database, TimeProvider.System, CancellationToken.None));
    }
}
