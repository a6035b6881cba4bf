using Peake.Cluster.Patients;

namespace Peake.Cluster.Tests.Patients;

/// <summary>Two sites see the same new MRNs at the same moment, on two nodes sharing one SQLite journal.</summary>
[Trait("Category", "MultiNode")]
public sealed class MasterPersonIndexRaceTests : IAsyncLifetime
{
    private MpiTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await MpiTestCluster.OnNewSqliteFileAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Given_two_sites_resolving_the_same_new_identifiers_at_once_Then_each_gets_one_master_id_registered_once()
    {
        var east = await _cluster.StartAsync("east");
        var west = await _cluster.StartAsync("west");
        await _cluster.SettledAsync();
        // Issuers of both hospitals (identifier entity at that hospital's site) and of a lab that is neither
        // (entity placed by hash), so the race is won at both sites and across the wire.
        var identifiers = Enumerable.Range(0, 24)
            .Select(i => PatientIdentifier.Create((i % 3) switch { 0 => "EAST_GEN", 1 => "WEST_MEM", _ => "CITY LAB" }, $"MRN-{i:000}"))
            .ToList();

        var answers = await Task.WhenAll(identifiers.Select(async identifier =>
        {
            var both = await Task.WhenAll(
                Task.Run(() => east.ResolveAsync(identifier, "east", null, CancellationToken.None)),
                Task.Run(() => west.ResolveAsync(identifier, "west", null, CancellationToken.None)));
            return (identifier, both[0], both[1]);
        }));

        foreach (var (identifier, fromEast, fromWest) in answers)
        {
            Assert.Equal(fromEast, fromWest);
            var assigned = await _cluster.EventsAsync(IdentifierActor.PersistenceIdOf(identifier.Key));
            Assert.Single(assigned.OfType<IdentifierAssigned>());
            var registered = Assert.Single((await _cluster.EventsAsync(PatientActor.PersistenceIdOf(fromEast.Value))).OfType<PatientRegistered>());
            Assert.Equal(identifier, registered.Identifier);
            var record = await west.LocateAsync(fromEast, CancellationToken.None);
            Assert.NotNull(record);
            Assert.Equal([identifier], record.Identifiers.AsEnumerable());
            Assert.Contains(record.HomeSite, new[] { "east", "west" });
        }
        Assert.Equal(identifiers.Count, answers.Select(a => a.Item2).Distinct().Count());
    }

    [Fact]
    public async Task Given_a_known_identifier_When_resolved_again_from_another_site_Then_nothing_new_is_written()
    {
        var east = await _cluster.StartAsync("east");
        var west = await _cluster.StartAsync("west");
        await _cluster.SettledAsync();
        var mrn = PatientIdentifier.Create("EAST_GEN", "RE-1");

        var first = await east.ResolveAsync(mrn, "east", new ReportedDemographics("Doe^Jane", new DateOnly(1970, 5, 17), PatientSex.Female), CancellationToken.None);
        var again = await west.ResolveAsync(mrn, "west", null, CancellationToken.None);

        Assert.Equal(first, again);
        var events = await _cluster.EventsAsync(PatientActor.PersistenceIdOf(first.Value));
        Assert.Equal([typeof(PatientRegistered), typeof(DemographicsUpdated)], events.Select(e => e.GetType()));
        var record = await west.LocateAsync(mrn, CancellationToken.None);
        Assert.Equal("east", record!.HomeSite);
        Assert.Equal(new Attested<string>("Doe^Jane", mrn), record.Demographics.Name);
    }

    [Fact]
    public async Task Given_a_fresh_database_When_unknown_people_are_looked_up_Then_nobody_is_found_and_nothing_is_written()
    {
        var east = await _cluster.StartAsync("east");

        Assert.Null(await east.LocateAsync(MasterPatientId.NewId(), CancellationToken.None));
        Assert.Null(await east.LocateAsync(PatientIdentifier.Create("EAST_GEN", "NOBODY"), CancellationToken.None));
        Assert.Empty(await _cluster.EventsAsync(IdentifierActor.PersistenceIdOf("EAST_GEN\\NOBODY")));
        await Assert.ThrowsAsync<PatientIndexException>(() => east.ResolveAsync(PatientIdentifier.Create("EAST_GEN", "X"), "mars", null, CancellationToken.None));
    }
}
