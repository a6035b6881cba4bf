using CsCheck;
using Peake.Cluster.Patients;

namespace Peake.Cluster.Tests.Patients;

public sealed class IdentifierStateTests
{
    private const string Home = "east";
    private static readonly PatientIdentifier Mrn = PatientIdentifier.Create("ST MARY", "123");
    private static readonly MasterPatientId A = MasterPatientId.From(Guid.Parse("aaaaaaaa-0000-0000-0000-000000000001"));
    private static readonly MasterPatientId B = MasterPatientId.From(Guid.Parse("bbbbbbbb-0000-0000-0000-000000000002"));
    private static readonly MasterPatientId C = MasterPatientId.From(Guid.Parse("cccccccc-0000-0000-0000-000000000003"));

    private static (IdentifierState State, IdentifierDecision Decision) Run(IdentifierState state, IIdentifierCommand command)
    {
        var decision = state.Process(command);
        return (decision.Events.Aggregate(state, (s, e) => s.Apply(e)), decision);
    }

    private static IdentifierState AssignedToA() => Run(IdentifierState.Unassigned(Mrn), new ResolveIdentifier(A, Home)).State;

    [Fact]
    public void Given_a_new_identifier_When_resolved_Then_the_candidate_becomes_its_master_id()
    {
        var (state, decision) = Run(IdentifierState.Unassigned(Mrn), new ResolveIdentifier(A, Home));
        Assert.True(decision.Created);
        Assert.Equal(A, decision.Master);
        Assert.Equal([new IdentifierAssigned(A, null, Home)], decision.Events.AsEnumerable());
        Assert.Equal(A, state.Master);
    }

    [Fact]
    public void Given_two_sites_see_a_new_identifier_at_once_When_the_entity_processes_both_Then_both_get_one_id()
    {
        // Site east minted A and site west minted B for the same (issuer, MRN); the identifier actor is one entity,
        // so their commands are processed one after the other, in either order.
        foreach (var (first, second) in new[] { (A, B), (B, A) })
        {
            var (afterFirst, one) = Run(IdentifierState.Unassigned(Mrn), new ResolveIdentifier(first, Home));
            var (afterSecond, two) = Run(afterFirst, new ResolveIdentifier(second, Home));
            Assert.Equal(first, one.Master);
            Assert.Equal(first, two.Master);
            Assert.True(one.Created);
            Assert.False(two.Created);
            Assert.Empty(two.Events);
            Assert.Equal(first, afterSecond.Master);
        }
    }

    [Fact]
    public void Should_answer_the_first_assigned_id_to_any_number_of_racing_resolves()
    {
        Gen.Guid.Array[1, 20].Sample(guids =>
        {
            var state = IdentifierState.Unassigned(Mrn);
            var answers = new List<MasterPatientId?>();
            var created = 0;
            foreach (var guid in guids)
            {
                (state, var decision) = Run(state, new ResolveIdentifier(MasterPatientId.From(guid), Home));
                answers.Add(decision.Master);
                created += decision.Created ? 1 : 0;
            }
            return created == 1 && answers.All(a => a == MasterPatientId.From(guids[0]));
        });
    }

    [Fact]
    public void Given_an_assigned_identifier_When_reassigned_Then_it_names_the_new_person_and_remembers_the_old()
    {
        var assigned = AssignedToA();
        var (moved, decision) = Run(assigned, new ReassignIdentifier(B, Home, A));
        Assert.Equal([new IdentifierAssigned(B, A, Home)], decision.Events.AsEnumerable());
        Assert.False(decision.Created);
        Assert.Equal(B, moved.Master);
        Assert.Equal(B, Run(moved, new ResolveIdentifier(C, Home)).Decision.Master);
    }

    [Fact]
    public void Should_not_emit_twice_when_the_same_reassignment_is_retried()
    {
        var assigned = AssignedToA();
        var (moved, _) = Run(assigned, new ReassignIdentifier(B, Home, null));
        var (_, retried) = Run(moved, new ReassignIdentifier(B, Home, null));
        Assert.True(retried.Accepted);
        Assert.Empty(retried.Events);
        Assert.Equal(B, retried.Master);
    }

    [Fact]
    public void Given_two_concurrent_moves_from_the_same_person_When_processed_Then_the_second_is_refused_as_a_conflict()
    {
        var assigned = AssignedToA();
        var (moved, first) = Run(assigned, new ReassignIdentifier(B, Home, A));
        var (after, second) = Run(moved, new ReassignIdentifier(C, Home, A));
        Assert.True(first.Accepted);
        Assert.Equal(IdentifierRefusal.Conflict, second.Refusal);
        Assert.Empty(second.Events);
        Assert.Equal(B, second.Master);
        Assert.Equal(B, after.Master);
    }

    [Fact]
    public void Given_a_never_seen_identifier_When_linked_to_a_person_Then_it_is_assigned_to_them()
    {
        var (state, decision) = Run(IdentifierState.Unassigned(Mrn), new ReassignIdentifier(A, Home, null));
        Assert.True(decision.Created);
        Assert.Equal([new IdentifierAssigned(A, null, Home)], decision.Events.AsEnumerable());
        Assert.Equal(A, state.Master);
    }

    [Fact]
    public void Should_refuse_a_move_that_expects_an_owner_of_a_never_seen_identifier()
    {
        var decision = IdentifierState.Unassigned(Mrn).Process(new ReassignIdentifier(B, Home, A));
        Assert.Equal(IdentifierRefusal.Conflict, decision.Refusal);
        Assert.Null(decision.Master);
    }

    [Fact]
    public void Given_racing_first_sights_from_two_sites_Then_the_winner_s_site_is_the_person_s_home_for_everyone()
    {
        var (first, _) = Run(IdentifierState.Unassigned(Mrn), new ResolveIdentifier(A, "east"));
        var (second, decision) = Run(first, new ResolveIdentifier(B, "west"));

        Assert.Empty(decision.Events);
        Assert.Equal((A, "east"), (second.Master, second.HomeSite));
    }

    [Fact]
    public void Given_a_move_to_the_same_person_at_another_site_Then_the_new_home_is_recorded()
    {
        var (moved, decision) = Run(AssignedToA(), new ReassignIdentifier(A, "west", A));

        Assert.Equal([new IdentifierAssigned(A, A, "west")], decision.Events.AsEnumerable());
        Assert.Equal("west", moved.HomeSite);
        Assert.Empty(Run(moved, new ReassignIdentifier(A, "west", A)).Decision.Events);
    }

    [Fact]
    public void Given_a_read_Then_it_answers_the_assignment_and_never_assigns()
    {
        var never = IdentifierState.Unassigned(Mrn).Process(new ReadIdentifier());
        var assigned = AssignedToA().Process(new ReadIdentifier());

        Assert.Equal((null, false), (never.Master, never.Created));
        Assert.Empty(never.Events);
        Assert.Equal(A, assigned.Master);
        Assert.Empty(assigned.Events);
    }
}
