using Peake.Cluster.Patients;
using Peake.Cluster.Persistence;
using Peake.Cluster.Tests.Persistence;

namespace Peake.Cluster.Tests.Patients;

/// <summary>
/// Every node of the cluster stops at once; new nodes on the same database must find every person, identifier,
/// demographic and tombstone as they were, by identifier and by master id (the in-memory directory starts empty).
/// </summary>
[Trait("Category", "MultiNode")]
public sealed class MasterPersonIndexRestartTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Given_a_cluster_on_SQLite_When_every_node_restarts_Then_the_index_is_unchanged()
    {
        using var folder = new TempFolder();
        var database = JournalDatabase.Sqlite(folder.File("journal.db"));
        await database.PrepareAsync(None);

        await SurvivesFullRestart(database);
    }

    [Fact]
    public async Task Given_a_cluster_on_PostgreSQL_When_every_node_restarts_Then_the_index_is_unchanged()
    {
        await using var postgres = await PrivatePostgres.StartAsync();

        await SurvivesFullRestart(postgres.Database);
    }

    private static async Task SurvivesFullRestart(JournalDatabase database)
    {
        var jane = PatientIdentifier.Create("EAST_GEN", "R-1");
        var janeWest = PatientIdentifier.Create("WEST_MEM", "R-2");
        var lab = PatientIdentifier.Create("CITY LAB", "R-3");
        var john = PatientIdentifier.Create("WEST_MEM", "R-4");
        MasterPatientId p, q, r;
        PatientRecord janeBefore, johnBefore, tombstoneBefore;

        await using (var before = new MpiTestCluster(database))
        {
            var east = await before.StartAsync("east");
            var west = await before.StartAsync("west");
            await before.SettledAsync();
            p = await east.ResolveAsync(jane, "east", new ReportedDemographics("Doe^Jane", new DateOnly(1970, 5, 17), PatientSex.Female), None);
            q = await west.ResolveAsync(janeWest, "west", new ReportedDemographics("DOE^JANE", null, null), None);
            r = await west.ResolveAsync(john, "west", new ReportedDemographics("Roe^John", null, PatientSex.Male), None);
            await east.LinkAsync(lab, p, None);
            janeBefore = await west.MergeAsync(p, q, None);
            johnBefore = (await east.LocateAsync(r, None))!;
            tombstoneBefore = (await east.LocateAsync(q, None, followMerges: false))!;
        }

        await using var after = new MpiTestCluster(database);
        var westAgain = await after.StartAsync("west");
        var eastAgain = await after.StartAsync("east");
        await after.SettledAsync();

        Assert.Equal(janeBefore, await westAgain.LocateAsync(p, None));
        Assert.Equal(johnBefore, await eastAgain.LocateAsync(john, None));
        Assert.Equal(johnBefore, await westAgain.LocateAsync(r, None));
        Assert.Equal(tombstoneBefore, await eastAgain.LocateAsync(q, None, followMerges: false));
        Assert.Equal(janeBefore, await eastAgain.LocateAsync(q, None));
        foreach (var identifier in new[] { jane, janeWest, lab })
            Assert.Equal(janeBefore, await westAgain.LocateAsync(identifier, None));
        Assert.Equal([jane, lab, janeWest], janeBefore.Identifiers.AsEnumerable());
        Assert.Equal(new Attested<string>("Doe^Jane", jane), janeBefore.Demographics.Name);

        // Seen again after the restart: the same person, no second assignment.
        Assert.Equal(r, await eastAgain.ResolveAsync(john, "east", null, None));
        Assert.Single((await after.EventsAsync(IdentifierActor.PersistenceIdOf(john.Key))).OfType<IdentifierAssigned>());
    }

    [Fact]
    public async Task Given_a_site_whose_only_node_leaves_When_its_patients_are_resolved_elsewhere_Then_the_same_ids_come_back_from_the_journal()
    {
        await using var cluster = await MpiTestCluster.OnNewSqliteFileAsync();
        var east = await cluster.StartAsync("east");
        var west = await cluster.StartAsync("west");
        await cluster.SettledAsync();
        var mrn = PatientIdentifier.Create("EAST_GEN", "F-1");
        var p = await east.ResolveAsync(mrn, "east", new ReportedDemographics("Fay^Ann", null, null), None);

        await cluster.LeaveAsync(0);

        // East's shards now live on west (nearest live site); the entities recover from the shared journal.
        Assert.Equal(p, await west.ResolveAsync(mrn, "west", null, None));
        var record = (await west.LocateAsync(p, None))!;
        Assert.Equal(("east", "Fay^Ann"), (record.HomeSite, record.Demographics.Name!.Value));
        Assert.Single((await cluster.EventsAsync(IdentifierActor.PersistenceIdOf(mrn.Key))).OfType<IdentifierAssigned>());
    }
}
