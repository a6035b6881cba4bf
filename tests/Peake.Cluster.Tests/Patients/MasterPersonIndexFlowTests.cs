using Peake.Cluster.Patients;

namespace Peake.Cluster.Tests.Patients;

/// <summary>
/// The flows of docs/decisions/0016 played across several entities' states, in the order the coordinator will send
/// them, each entity processing its commands one at a time as its actor would.
/// </summary>
public sealed class MasterPersonIndexFlowTests
{
    private const string Home = "east";
    private static readonly PatientIdentifier Mary = PatientIdentifier.Create("ST MARY", "123");
    private static readonly PatientIdentifier North = PatientIdentifier.Create("NORTH", "A-77");

    private readonly Dictionary<PatientIdentifier, IdentifierState> _identifiers = [];
    private readonly Dictionary<MasterPatientId, PatientState> _patients = [];

    private IdentifierDecision Send(PatientIdentifier identifier, IIdentifierCommand command)
    {
        var state = _identifiers.GetValueOrDefault(identifier) ?? IdentifierState.Unassigned(identifier);
        var decision = state.Process(command);
        _identifiers[identifier] = decision.Events.Aggregate(state, (s, e) => s.Apply(e));
        return decision;
    }

    private PatientDecision Send(MasterPatientId id, IPatientCommand command)
    {
        var state = _patients.GetValueOrDefault(id) ?? PatientState.Empty(id);
        var decision = state.Process(command);
        _patients[id] = decision.Events.Aggregate(state, (s, e) => s.Apply(e));
        return decision;
    }

    // The ingest path's first sight: resolve with a fresh candidate; only the caller that created it registers.
    private MasterPatientId Ingest(PatientIdentifier identifier, string site)
    {
        var resolved = Send(identifier, new ResolveIdentifier(MasterPatientId.NewId(), Home));
        Assert.NotNull(resolved.Master);
        if (resolved.Created)
            Assert.True(Send(resolved.Master, new RegisterPatient(identifier, site)).Accepted);
        return resolved.Master;
    }

    // A look-up by identifier follows tombstones to the live record.
    private PatientState Locate(PatientIdentifier identifier)
    {
        var patient = _patients[_identifiers[identifier].Master!];
        while (patient.MergedInto is { } next)
            patient = _patients[next];
        return patient;
    }

    [Fact]
    public void Given_two_sites_ingest_a_new_mrn_at_once_Then_one_person_exists_at_the_first_site()
    {
        var east = Ingest(Mary, "east");
        var west = Ingest(Mary, "west");
        Assert.Equal(east, west);
        Assert.Single(_patients);
        Assert.Equal("east", Locate(Mary).HomeSite);
    }

    [Fact]
    public void Given_two_records_of_one_person_When_merged_Then_both_identifiers_find_the_survivor()
    {
        var survivor = Ingest(Mary, "east");
        var merged = Ingest(North, "west");
        Assert.True(Send(merged, new UpdateDemographics(North, "DOE^JANE", new DateOnly(1980, 1, 1), null)).Accepted);

        var victim = _patients[merged];
        Assert.True(Send(survivor, new AbsorbPatient(merged, victim.Identifiers, victim.Demographics)).Accepted);
        Assert.True(Send(merged, new MergeInto(survivor)).Accepted);
        // Before the identifiers are reassigned, look-ups already reach the survivor through the tombstone.
        Assert.Equal(survivor, Locate(North).Id);
        foreach (var identifier in victim.Identifiers)
            Assert.True(Send(identifier, new ReassignIdentifier(survivor, Home, merged)).Accepted);

        Assert.Equal(survivor, _identifiers[North].Master);
        Assert.Equal([Mary, North], Locate(North).Identifiers.AsEnumerable());
        Assert.Equal("DOE^JANE", Locate(Mary).Demographics.Name?.Value);
        // Merging the survivor into the tombstone is refused.
        Assert.Equal(PatientRefusal.Merged, Send(merged, new AbsorbPatient(survivor, [Mary], PatientDemographics.Empty)).Refusal);
    }

    [Fact]
    public void Given_a_wrong_link_When_unlinked_Then_the_identifier_gets_a_new_person_and_takes_its_data_along()
    {
        var person = Ingest(Mary, "east");
        Assert.True(Send(North, new ReassignIdentifier(person, Home, null)).Accepted);
        Assert.True(Send(person, new LinkIdentifier(North)).Accepted);
        Assert.True(Send(person, new UpdateDemographics(North, "ROE^RICHARD", null, PatientSex.Male)).Accepted);

        var fresh = MasterPatientId.NewId();
        Assert.True(Send(North, new ReassignIdentifier(fresh, Home, person)).Accepted);
        Assert.True(Send(person, new UnlinkIdentifier(North)).Accepted);
        Assert.True(Send(fresh, new RegisterPatient(North, "east")).Accepted);

        Assert.Equal(fresh, Locate(North).Id);
        Assert.Equal(person, Locate(Mary).Id);
        Assert.Null(Locate(Mary).Demographics.Name);
        // A second, stale unlink of the same mistake conflicts instead of moving the identifier again.
        Assert.Equal(IdentifierRefusal.Conflict, Send(North, new ReassignIdentifier(MasterPatientId.NewId(), Home, person)).Refusal);
    }
}
