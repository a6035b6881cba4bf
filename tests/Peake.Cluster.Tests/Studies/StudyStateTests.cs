using Peake.Cluster.Studies;

namespace Peake.Cluster.Tests.Studies;

public sealed class StudyStateTests
{
    private const string Study = "1.2.840.1";
    private const string Patient = "0123456789abcdef0123456789abcdef";

    private static StudyState Run(StudyState state, IStudyCommand command, out StudyDecision decision)
    {
        decision = state.Process(command);
        return decision.Events.Aggregate(state, (s, e) => s.Apply(e));
    }

    private static RecordInstance Record(string series, string sop, string patient = Patient, string site = "east") =>
        new(site, Study, patient, series, sop);

    [Fact]
    public void Given_no_study_When_its_first_instance_is_recorded_Then_it_opens_at_the_addressed_site_with_that_instance()
    {
        var state = Run(StudyState.Empty, Record("1.2.840.1.1", "1.2.840.1.1.1"), out var decision);

        Assert.Equal(StudyRefusal.None, decision.Refusal);
        Assert.Equal<IStudyEvent>([new StudyOpened(Patient, "east"), new InstanceRecorded("1.2.840.1.1", "1.2.840.1.1.1")], decision.Events);
        var view = state.View(Study);
        Assert.True(view.Exists);
        Assert.Equal("east", view.HomeSite);
        Assert.Equal(["1.2.840.1.1.1"], Assert.Single(view.Series).SopInstanceUids);
    }

    [Fact]
    public void Given_a_recorded_instance_When_it_is_recorded_again_Then_nothing_is_written()
    {
        var state = Run(StudyState.Empty, Record("1.2.840.1.1", "1.2.840.1.1.1"), out _);

        Run(state, Record("1.2.840.1.1", "1.2.840.1.1.1"), out var again);

        Assert.Equal(StudyDecision.Unchanged.Refusal, again.Refusal);
        Assert.Empty(again.Events);
    }

    [Fact]
    public void Given_a_study_When_an_instance_names_another_patient_or_moves_series_Then_it_is_refused()
    {
        var state = Run(StudyState.Empty, Record("1.2.840.1.1", "1.2.840.1.1.1"), out _);

        Run(state, Record("1.2.840.1.1", "1.2.840.1.1.2", patient: "ffffffffffffffffffffffffffffffff"), out var otherPatient);
        Run(state, Record("1.2.840.1.2", "1.2.840.1.1.1"), out var otherSeries);

        Assert.Equal(StudyRefusal.PatientMismatch, otherPatient.Refusal);
        Assert.Equal(StudyRefusal.InstanceInOtherSeries, otherSeries.Refusal);
    }

    [Theory]
    [InlineData("1.2.840.01")]
    [InlineData("1..2")]
    [InlineData("1.2.a")]
    [InlineData("")]
    public void Given_a_malformed_uid_When_an_instance_is_recorded_Then_it_is_refused(string sop)
    {
        Run(StudyState.Empty, Record("1.2.840.1.1", sop), out var decision);

        Assert.Equal(StudyRefusal.InvalidCommand, decision.Refusal);
    }

    [Fact]
    public void Given_a_study_When_it_is_relocated_Then_the_marker_names_both_sites_and_a_second_request_is_a_no_op()
    {
        var state = Run(StudyState.Empty, Record("1.2.840.1.1", "1.2.840.1.1.1"), out _);

        state = Run(state, new RelocateStudy("east", Study, "west"), out var moved);
        Run(state, new RelocateStudy("west", Study, "west"), out var again);

        Assert.Equal<IStudyEvent>([new StudyRelocated("east", "west")], moved.Events);
        Assert.Equal("west", state.HomeSite);
        Assert.Empty(again.Events);
        Assert.Equal(StudyRefusal.None, again.Refusal);
    }

    [Fact]
    public void Given_no_study_When_it_is_relocated_Then_it_is_not_found()
    {
        Run(StudyState.Empty, new RelocateStudy("east", Study, "west"), out var decision);

        Assert.Equal(StudyRefusal.NotFound, decision.Refusal);
    }
}
