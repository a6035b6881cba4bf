using Peake.Cluster.Patients;

namespace Peake.Cluster.Tests.Patients;

public sealed class PatientStateTests
{
    private static readonly MasterPatientId Me = MasterPatientId.From(Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001"));
    private static readonly MasterPatientId Other = MasterPatientId.From(Guid.Parse("bbbbbbbb-0000-0000-0000-000000000002"));
    private static readonly MasterPatientId Third = MasterPatientId.From(Guid.Parse("cccccccc-0000-0000-0000-000000000003"));
    private static readonly PatientIdentifier Mary = PatientIdentifier.Create("ST MARY", "123");
    private static readonly PatientIdentifier North = PatientIdentifier.Create("NORTH", "A-77");
    private static readonly PatientIdentifier Lab = PatientIdentifier.Create("LAB", "9");

    private static (PatientState State, PatientDecision Decision) Run(PatientState state, IPatientCommand command)
    {
        var decision = state.Process(command);
        return (decision.Events.Aggregate(state, (s, e) => s.Apply(e)), decision);
    }

    private static PatientState RunAll(PatientState state, params IPatientCommand[] commands)
    {
        foreach (var command in commands)
        {
            (state, var decision) = Run(state, command);
            Assert.True(decision.Accepted, $"{command} was refused: {decision.Refusal}");
        }
        return state;
    }

    private static PatientState Registered() => RunAll(PatientState.Empty(Me), new RegisterPatient(Mary, "east"));

    private static PatientState WithTwo() => RunAll(Registered(), new LinkIdentifier(North));

    private static void AssertRefused(PatientState state, IPatientCommand command, PatientRefusal refusal)
    {
        var decision = state.Process(command);
        Assert.Equal(refusal, decision.Refusal);
        Assert.False(decision.Accepted);
        Assert.Empty(decision.Events);
    }

    private static void AssertNoSecondEvent(PatientState state, IPatientCommand command)
    {
        var (once, first) = Run(state, command);
        Assert.NotEmpty(first.Events);
        var second = once.Process(command);
        Assert.True(second.Accepted);
        Assert.Empty(second.Events);
    }

    [Fact]
    public void Given_a_new_id_When_registered_Then_it_names_one_person_with_one_identifier_at_a_home_site()
    {
        var (state, decision) = Run(PatientState.Empty(Me), new RegisterPatient(Mary, "east"));
        Assert.Equal([new PatientRegistered(Mary, "east")], decision.Events.AsEnumerable());
        Assert.True(state.IsRegistered);
        Assert.Equal([Mary], state.Identifiers.AsEnumerable());
        Assert.Equal("east", state.HomeSite);
        Assert.False(state.IsTombstone);
    }

    [Fact]
    public void Given_two_sites_registered_the_same_first_sight_When_the_second_arrives_Then_the_first_home_site_stands()
    {
        var (state, decision) = Run(Registered(), new RegisterPatient(Mary, "west"));
        Assert.True(decision.Accepted);
        Assert.Empty(decision.Events);
        Assert.Equal("east", state.HomeSite);
    }

    [Fact]
    public void Should_refuse_registering_a_registered_id_for_another_identifier()
    {
        AssertRefused(Registered(), new RegisterPatient(North, "east"), PatientRefusal.AlreadyRegistered);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Should_refuse_a_registration_without_home_site(string site)
    {
        AssertRefused(PatientState.Empty(Me), new RegisterPatient(Mary, site), PatientRefusal.InvalidCommand);
    }

    [Fact]
    public void Should_refuse_every_command_but_registration_before_registration()
    {
        var empty = PatientState.Empty(Me);
        AssertRefused(empty, new LinkIdentifier(North), PatientRefusal.NotRegistered);
        AssertRefused(empty, new UnlinkIdentifier(Mary), PatientRefusal.NotRegistered);
        AssertRefused(empty, new UpdateDemographics(Mary, "DOE^JANE", null, null), PatientRefusal.NotRegistered);
        AssertRefused(empty, new ChangeHomeSite("west"), PatientRefusal.NotRegistered);
        AssertRefused(empty, new AbsorbPatient(Other, [North], PatientDemographics.Empty), PatientRefusal.NotRegistered);
        AssertRefused(empty, new MergeInto(Other), PatientRefusal.NotRegistered);
    }

    [Fact]
    public void Given_a_person_When_another_identifier_is_linked_Then_both_name_them()
    {
        var (state, decision) = Run(Registered(), new LinkIdentifier(North));
        Assert.Equal([new IdentifierLinked(North)], decision.Events.AsEnumerable());
        Assert.Equal([Mary, North], state.Identifiers.AsEnumerable());
        AssertNoSecondEvent(Registered(), new LinkIdentifier(North));
    }

    [Fact]
    public void Given_two_identifiers_When_one_is_unlinked_Then_the_other_remains()
    {
        var (state, decision) = Run(WithTwo(), new UnlinkIdentifier(North));
        Assert.Equal([new IdentifierUnlinked(North)], decision.Events.AsEnumerable());
        Assert.Equal([Mary], state.Identifiers.AsEnumerable());
        AssertNoSecondEvent(WithTwo(), new UnlinkIdentifier(North));
    }

    [Fact]
    public void Should_accept_unlinking_an_identifier_that_is_not_linked_without_an_event()
    {
        var decision = WithTwo().Process(new UnlinkIdentifier(Lab));
        Assert.True(decision.Accepted);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Should_refuse_unlinking_the_last_identifier()
    {
        AssertRefused(Registered(), new UnlinkIdentifier(Mary), PatientRefusal.LastIdentifier);
        var afterUnlink = RunAll(WithTwo(), new UnlinkIdentifier(Mary));
        AssertRefused(afterUnlink, new UnlinkIdentifier(North), PatientRefusal.LastIdentifier);
    }

    [Fact]
    public void Given_demographics_When_reported_Then_each_field_keeps_its_source()
    {
        var state = RunAll(WithTwo(),
            new UpdateDemographics(Mary, " DOE^JANE ", new DateOnly(1980, 2, 29), null),
            new UpdateDemographics(North, null, null, PatientSex.Female));
        Assert.Equal(new Attested<string>("DOE^JANE", Mary), state.Demographics.Name);
        Assert.Equal(new Attested<DateOnly>(new DateOnly(1980, 2, 29), Mary), state.Demographics.BirthDate);
        Assert.Equal(new Attested<PatientSex>(PatientSex.Female, North), state.Demographics.Sex);
    }

    [Fact]
    public void Given_a_field_reported_by_two_sources_When_the_later_differs_Then_the_later_wins_with_its_source()
    {
        var state = RunAll(WithTwo(),
            new UpdateDemographics(Mary, "DOE^JANE", null, null),
            new UpdateDemographics(North, "SMITH^JANE", null, null));
        Assert.Equal(new Attested<string>("SMITH^JANE", North), state.Demographics.Name);
    }

    [Fact]
    public void Should_emit_only_the_fields_that_changed_and_nothing_when_nothing_did()
    {
        var state = RunAll(WithTwo(), new UpdateDemographics(Mary, "DOE^JANE", new DateOnly(1980, 1, 1), null));
        var decision = state.Process(new UpdateDemographics(Mary, "DOE^JANE", new DateOnly(1980, 1, 2), PatientSex.Female));
        Assert.Equal([new DemographicsUpdated(Mary, null, new DateOnly(1980, 1, 2), PatientSex.Female)], decision.Events.AsEnumerable());
        AssertNoSecondEvent(WithTwo(), new UpdateDemographics(Mary, "DOE^JANE", new DateOnly(1980, 1, 1), PatientSex.Male));
        // The same value from another source is a change of source.
        Assert.Single(state.Process(new UpdateDemographics(North, "DOE^JANE", null, null)).Events);
        // Blank says nothing.
        Assert.Empty(state.Process(new UpdateDemographics(Mary, "   ", null, null)).Events);
    }

    [Theory]
    [InlineData(@"DOE^JANE\SMITH^JANE")]
    [InlineData("DOE^JANE\r\n")]
    [InlineData("A=B=C=D")]
    public void Should_refuse_a_name_that_is_not_one_person_name(string name)
    {
        AssertRefused(WithTwo(), new UpdateDemographics(Mary, name, null, null), PatientRefusal.InvalidCommand);
    }

    [Fact]
    public void Should_accept_a_name_with_ideographic_and_phonetic_groups_up_to_64_characters_each()
    {
        var name = new string('A', 64) + "=" + new string('B', 64) + "=" + new string('C', 64);
        Assert.Single(WithTwo().Process(new UpdateDemographics(Mary, name, null, null)).Events);
        AssertRefused(WithTwo(), new UpdateDemographics(Mary, new string('A', 65), null, null), PatientRefusal.InvalidCommand);
    }

    [Fact]
    public void Should_refuse_demographics_from_an_identifier_that_does_not_name_this_person()
    {
        AssertRefused(WithTwo(), new UpdateDemographics(Lab, "DOE^JANE", null, null), PatientRefusal.UnknownSource);
    }

    [Fact]
    public void Given_an_identifier_turned_out_to_be_someone_else_When_unlinked_Then_what_it_said_is_dropped()
    {
        var state = RunAll(WithTwo(),
            new UpdateDemographics(Mary, "DOE^JANE", null, PatientSex.Female),
            new UpdateDemographics(North, null, new DateOnly(1975, 5, 5), null),
            new UnlinkIdentifier(North));
        Assert.Equal(new Attested<string>("DOE^JANE", Mary), state.Demographics.Name);
        Assert.Null(state.Demographics.BirthDate);
        Assert.NotNull(state.Demographics.Sex);
    }

    [Fact]
    public void Given_a_person_When_the_home_site_changes_Then_the_event_says_from_and_to()
    {
        var (state, decision) = Run(Registered(), new ChangeHomeSite("west"));
        Assert.Equal([new HomeSiteChanged("east", "west")], decision.Events.AsEnumerable());
        Assert.Equal("west", state.HomeSite);
        AssertNoSecondEvent(Registered(), new ChangeHomeSite("west"));
        AssertRefused(Registered(), new ChangeHomeSite(" "), PatientRefusal.InvalidCommand);
    }

    [Fact]
    public void Given_a_survivor_When_it_absorbs_a_record_Then_it_keeps_all_identifiers_and_its_own_demographics_first()
    {
        var survivor = RunAll(Registered(), new UpdateDemographics(Mary, "DOE^JANE", null, null));
        var merged = new PatientDemographics(
            new Attested<string>("DOE^J", North), new Attested<DateOnly>(new DateOnly(1980, 1, 1), North), null);
        var (state, decision) = Run(survivor, new AbsorbPatient(Other, [North, Lab, Mary], merged));
        Assert.Single(decision.Events);
        Assert.Equal([Mary, North, Lab], state.Identifiers.AsEnumerable());
        Assert.Equal(new Attested<string>("DOE^JANE", Mary), state.Demographics.Name);
        Assert.Equal(merged.BirthDate, state.Demographics.BirthDate);
        Assert.Contains(Other, state.AbsorbedFrom);
        AssertNoSecondEvent(survivor, new AbsorbPatient(Other, [North], merged));
    }

    [Fact]
    public void Should_refuse_absorbing_itself_and_merging_into_itself()
    {
        AssertRefused(Registered(), new AbsorbPatient(Me, [North], PatientDemographics.Empty), PatientRefusal.MergeIntoSelf);
        AssertRefused(Registered(), new MergeInto(Me), PatientRefusal.MergeIntoSelf);
    }

    [Fact]
    public void Given_a_merged_record_When_merge_completes_Then_it_is_a_tombstone_forwarding_to_the_survivor()
    {
        var (state, decision) = Run(WithTwo(), new MergeInto(Other));
        Assert.Equal([new PatientMerged(Other)], decision.Events.AsEnumerable());
        Assert.True(state.IsTombstone);
        Assert.Equal(Other, state.MergedInto);
        Assert.Empty(state.Identifiers);
        Assert.Equal(PatientDemographics.Empty, state.Demographics);
        AssertNoSecondEvent(WithTwo(), new MergeInto(Other));
    }

    [Fact]
    public void Should_refuse_everything_on_a_tombstone_but_the_merge_it_already_did()
    {
        var tombstone = RunAll(WithTwo(), new MergeInto(Other));
        AssertRefused(tombstone, new MergeInto(Third), PatientRefusal.Merged);
        // Merging into a tombstone is refused: the caller follows MergedInto to the live record.
        AssertRefused(tombstone, new AbsorbPatient(Third, [Lab], PatientDemographics.Empty), PatientRefusal.Merged);
        AssertRefused(tombstone, new RegisterPatient(Mary, "east"), PatientRefusal.Merged);
        AssertRefused(tombstone, new LinkIdentifier(Lab), PatientRefusal.Merged);
        AssertRefused(tombstone, new UnlinkIdentifier(Mary), PatientRefusal.Merged);
        AssertRefused(tombstone, new UpdateDemographics(Mary, "X", null, null), PatientRefusal.Merged);
        AssertRefused(tombstone, new ChangeHomeSite("west"), PatientRefusal.Merged);
    }

    [Fact]
    public void Should_rebuild_the_same_state_from_its_journal()
    {
        var commands = new IPatientCommand[]
        {
            new RegisterPatient(Mary, "east"), new LinkIdentifier(North), new LinkIdentifier(North),
            new UpdateDemographics(North, "DOE^JANE", new DateOnly(1990, 12, 31), PatientSex.Other),
            new ChangeHomeSite("west"), new AbsorbPatient(Other, [Lab], PatientDemographics.Empty),
            new UnlinkIdentifier(North),
        };
        var journal = new List<IPatientEvent>();
        var live = PatientState.Empty(Me);
        foreach (var command in commands)
        {
            (live, var decision) = Run(live, command);
            journal.AddRange(decision.Events);
        }
        var recovered = journal.Aggregate(PatientState.Empty(Me), (s, e) => s.Apply(e));
        Assert.Equal(6, journal.Count);
        Assert.Equal(live.Identifiers, recovered.Identifiers.AsEnumerable());
        Assert.Equal([Mary, Lab], recovered.Identifiers.AsEnumerable());
        Assert.Equal(live.Demographics, recovered.Demographics);
        Assert.Null(recovered.Demographics.Name);
        Assert.Equal("west", recovered.HomeSite);
        Assert.Equal(live.AbsorbedFrom, recovered.AbsorbedFrom);
    }

    [Fact]
    public void Given_a_read_Then_it_is_accepted_without_events_for_new_registered_and_tombstoned_records()
    {
        foreach (var state in new[] { PatientState.Empty(Me), WithTwo(), RunAll(WithTwo(), new MergeInto(Other)) })
        {
            var (after, decision) = Run(state, new ReadPatient());

            Assert.True(decision.Accepted);
            Assert.Empty(decision.Events);
            Assert.Equal(PatientRecord.Of(state), PatientRecord.Of(after));
        }
    }
}
