using Peake.Cluster.Patients;

namespace Peake.Cluster.Tests.Patients;

/// <summary>Link, unlink and merge through the facade on two nodes (ADR 0016), each operation issued from either site.</summary>
[Trait("Category", "MultiNode")]
public sealed class MasterPersonIndexOperationsTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;

    private MpiTestCluster _cluster = null!;
    private MasterPersonIndex _east = null!;
    private MasterPersonIndex _west = null!;

    public async Task InitializeAsync()
    {
        _cluster = await MpiTestCluster.OnNewSqliteFileAsync();
        _east = await _cluster.StartAsync("east");
        _west = await _cluster.StartAsync("west");
        await _cluster.SettledAsync();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private static PatientIdentifier East(string mrn) => PatientIdentifier.Create("EAST_GEN", mrn);

    private static PatientIdentifier West(string mrn) => PatientIdentifier.Create("WEST_MEM", mrn);

    private async Task<PatientRecord> Record(MasterPatientId id, bool follow = true) =>
        await _west.LocateAsync(id, None, follow) ?? throw new Xunit.Sdk.XunitException($"{id} not found");

    [Fact]
    public async Task Given_two_people_When_linked_unlinked_and_relinked_Then_identifiers_and_demographics_follow_ADR_0016()
    {
        var jane = East("J-1");
        var p = await _east.ResolveAsync(jane, "east", new ReportedDemographics("Doe^Jane", null, PatientSex.Female), None);
        var q = await _west.ResolveAsync(West("W-9"), "west", new ReportedDemographics("Doe^J", new DateOnly(1970, 5, 17), null), None);

        // W-9 is q's only identifier: linking it to p is a merge (q would otherwise be a record nobody finds).
        var merged = await _west.LinkAsync(West("W-9"), p, None);
        Assert.Equal(p, merged.MasterId);
        Assert.Equal([jane, West("W-9")], merged.Identifiers.AsEnumerable());
        Assert.Equal(new Attested<string>("Doe^Jane", jane), merged.Demographics.Name); // survivor's own field stands
        Assert.Equal(new DateOnly(1970, 5, 17), merged.Demographics.BirthDate!.Value); // gap filled from q
        Assert.Equal(p, (await Record(q, follow: false)).MergedInto);
        Assert.Equal(p, (await Record(q)).MasterId);
        Assert.Equal(p, (await _east.LocateAsync(West("W-9"), None))!.MasterId);

        // Unlink: W-9 gets a fresh person at its hospital's site, and what it reported leaves p.
        var fresh = await _east.UnlinkAsync(West("W-9"), None);
        Assert.NotEqual(p, fresh.MasterId);
        Assert.NotEqual(q, fresh.MasterId);
        Assert.Equal("west", fresh.HomeSite);
        Assert.Equal([West("W-9")], fresh.Identifiers.AsEnumerable());
        var afterUnlink = await Record(p);
        Assert.Equal([jane], afterUnlink.Identifiers.AsEnumerable());
        Assert.Null(afterUnlink.Demographics.BirthDate);
        Assert.Equal(fresh.MasterId, (await _west.LocateAsync(West("W-9"), None))!.MasterId);

        // Unlinking a person's last identifier is refused; nothing moves.
        var refused = await Assert.ThrowsAsync<PatientIndexException>(() => _west.UnlinkAsync(jane, None));
        Assert.Equal(PatientIndexError.LastIdentifier, refused.Error);
        Assert.Equal(p, (await _east.LocateAsync(jane, None))!.MasterId);

        // A never-seen identifier links straight to the target; a linked one moves between two people.
        var card = PatientIdentifier.Create("CITY LAB", "C-5");
        Assert.Equal([jane, card], (await _west.LinkAsync(card, p, None)).Identifiers.AsEnumerable());
        var moved = await _east.LinkAsync(card, fresh.MasterId, None);
        Assert.Equal([West("W-9"), card], moved.Identifiers.AsEnumerable());
        Assert.Equal([jane], (await Record(p)).Identifiers.AsEnumerable());
        Assert.Equal(fresh.MasterId, (await _east.LocateAsync(card, None))!.MasterId);
    }

    [Fact]
    public async Task Given_a_merge_When_repeated_or_asked_the_wrong_way_Then_it_is_idempotent_or_refused()
    {
        var p = await _east.ResolveAsync(East("M-1"), "east", null, None);
        var q = await _west.ResolveAsync(West("M-2"), "west", null, None);
        var r = await _west.ResolveAsync(West("M-3"), "west", null, None);

        var survivor = await _west.MergeAsync(p, q, None);
        var again = await _east.MergeAsync(p, q, None);

        Assert.Equal(survivor, again);
        Assert.Equal([East("M-1"), West("M-2")], survivor.Identifiers.AsEnumerable());
        Assert.Equal(p, (await _east.LocateAsync(West("M-2"), None))!.MasterId);
        Assert.Single((await _cluster.EventsAsync(PatientActor.PersistenceIdOf(p.Value))).OfType<PatientAbsorbed>());
        Assert.Equal(PatientIndexError.Refused, (await Assert.ThrowsAsync<PatientIndexException>(() => _east.MergeAsync(q, r, None))).Error);
        Assert.Equal(PatientIndexError.Refused, (await Assert.ThrowsAsync<PatientIndexException>(() => _east.MergeAsync(r, q, None))).Error);
        Assert.Equal(PatientIndexError.Refused, (await Assert.ThrowsAsync<PatientIndexException>(() => _east.MergeAsync(r, r, None))).Error);
        Assert.Equal(PatientIndexError.UnknownPatient,
            (await Assert.ThrowsAsync<PatientIndexException>(() => _east.MergeAsync(r, MasterPatientId.NewId(), None))).Error);
    }

    [Fact]
    public async Task Given_two_concurrent_links_of_one_identifier_to_different_people_Then_exactly_one_record_lists_it()
    {
        for (var round = 0; round < 4; round++)
        {
            var contested = East($"C-{round}");
            var owner = await _east.ResolveAsync(contested, "east", null, None);
            await _east.LinkAsync(East($"K-{round}"), owner, None); // the owner keeps a record after losing it
            var t1 = await _east.ResolveAsync(East($"T1-{round}"), "east", null, None);
            var t2 = await _west.ResolveAsync(West($"T2-{round}"), "west", null, None);

            await Task.WhenAll(
                Task.Run(() => _east.LinkAsync(contested, t1, None)),
                Task.Run(() => _west.LinkAsync(contested, t2, None)));

            var assigned = (await _west.LocateAsync(contested, None))!.MasterId;
            Assert.Contains(assigned, new[] { t1, t2 });
            var listing = new List<MasterPatientId>();
            foreach (var id in new[] { owner, t1, t2 })
            {
                if ((await Record(id)).Identifiers.Contains(contested))
                    listing.Add(id);
            }
            Assert.Equal([assigned], listing);
        }
    }

    [Fact]
    public async Task Given_a_person_moved_to_another_site_Then_it_is_found_there_by_id_and_by_identifier_from_both_sites()
    {
        var mrn = East("MV-1");
        var p = await _east.ResolveAsync(mrn, "east", new ReportedDemographics("Moe^Ann", null, null), None);

        var moved = await _west.MoveAsync(p, "west", None);

        Assert.Equal("west", moved.HomeSite);
        Assert.Equal(("west", p), ((await _east.LocateAsync(p, None))!.HomeSite, (await _west.LocateAsync(mrn, None))!.MasterId));
        // A report addressed through the identifier lands on the record at its new home.
        await _east.ReportAsync(mrn, new ReportedDemographics(null, new DateOnly(1980, 1, 2), null), None);
        var record = (await _west.LocateAsync(mrn, None))!;
        Assert.Equal(("west", "Moe^Ann", new DateOnly(1980, 1, 2)), (record.HomeSite, record.Demographics.Name!.Value, record.Demographics.BirthDate!.Value));
        Assert.Single((await _cluster.EventsAsync(PatientActor.PersistenceIdOf(p.Value))).OfType<HomeSiteChanged>());
        Assert.Equal(PatientIndexError.Refused, (await Assert.ThrowsAsync<PatientIndexException>(() => _east.MoveAsync(p, "mars", None))).Error);
    }
}
