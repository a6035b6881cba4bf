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

    private const string CtImage = "1.2.840.10008.5.1.4.1.1.2";
    private const string ExplicitLittle = "1.2.840.10008.1.2.1";
    private static readonly string HashA = new('a', 64);
    private static readonly string HashB = new('b', 64);

    private static RecordInstance Record(
        string series, string sop, string patient = Patient, string site = "east", string? hash = null,
        DuplicatePolicy policy = DuplicatePolicy.Reject) =>
        new(site, Study, patient, series, sop, CtImage, ExplicitLittle, hash ?? HashA, 1234, policy, ["akka.tcp://peake@127.0.0.1:1"]);

    private static InstanceStored Stored(string series, string sop, string hash, string site = "east") =>
        new(series, sop, CtImage, ExplicitLittle, hash, 1234, site, Patient);

    [Fact]
    public void Given_no_study_When_its_first_instance_is_recorded_Then_it_opens_at_the_addressed_site_with_that_instance()
    {
        var state = Run(StudyState.Empty, Record("1.2.840.1.1", "1.2.840.1.1.1"), out var decision);

        Assert.Equal(StudyRefusal.None, decision.Refusal);
        Assert.Equal<IStudyEvent>([new StudyOpened(Patient, "east"), Stored("1.2.840.1.1", "1.2.840.1.1.1", HashA)], decision.Events);
        var view = state.View(Study);
        Assert.True(view.Exists);
        Assert.Equal("east", view.HomeSite);
        var series = Assert.Single(view.Series);
        Assert.Equal(["1.2.840.1.1.1"], series.SopInstanceUids);
        Assert.Equal(new StudyInstance("1.2.840.1.1.1", CtImage, ExplicitLittle, HashA, 1234, []), Assert.Single(series.Instances));
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

    [Fact]
    public void Given_a_stored_instance_When_other_bytes_arrive_under_Reject_Then_they_are_refused_and_the_first_version_stays()
    {
        var state = Run(StudyState.Empty, Record("1.2.840.1.1", "1.2.840.1.1.1"), out _);

        var after = Run(state, Record("1.2.840.1.1", "1.2.840.1.1.1", hash: HashB), out var decision);

        Assert.Equal(StudyRefusal.DifferentContent, decision.Refusal);
        Assert.Empty(decision.Events);
        Assert.Equal(HashA, Assert.Single(Assert.Single(after.View(Study).Series).Instances).Hash);
    }

    [Fact]
    public void Given_a_stored_instance_When_other_bytes_arrive_under_KeepBoth_Then_the_new_version_is_newest_and_the_old_is_kept()
    {
        var state = Run(StudyState.Empty, Record("1.2.840.1.1", "1.2.840.1.1.1"), out _);

        state = Run(state, Record("1.2.840.1.1", "1.2.840.1.1.1", hash: HashB, policy: DuplicatePolicy.KeepBoth), out var decision);
        // The first version again: already kept, so a resend, not a third version.
        Run(state, Record("1.2.840.1.1", "1.2.840.1.1.1", hash: HashA, policy: DuplicatePolicy.KeepBoth), out var again);

        Assert.Equal(StudyRefusal.None, decision.Refusal);
        Assert.Equal<IStudyEvent>([Stored("1.2.840.1.1", "1.2.840.1.1.1", HashB)], decision.Events);
        var instance = Assert.Single(Assert.Single(state.View(Study).Series).Instances);
        Assert.Equal(HashB, instance.Hash);
        Assert.Equal([HashA], instance.OlderHashes);
        Assert.Equal(StudyRefusal.None, again.Refusal);
        Assert.Empty(again.Events);
    }

    [Fact]
    public void Given_a_stored_instance_When_it_is_looked_up_Then_its_series_and_content_come_back_and_an_unknown_one_is_null()
    {
        var state = Run(StudyState.Empty, Record("1.2.840.1.1", "1.2.840.1.1.1"), out _);

        var found = state.Find(Study, "1.2.840.1.1.1");
        var missing = state.Find(Study, "1.2.840.1.1.9");

        Assert.Equal("1.2.840.1.1", found.SeriesInstanceUid);
        Assert.Equal(HashA, found.Instance?.Hash);
        Assert.Equal(new StudyInstanceView(Study, null, null), missing);
    }

    [Fact]
    public void Given_an_instance_recorded_before_hashes_When_it_is_stored_Then_its_content_is_filled_in_without_an_older_version()
    {
        var state = new IStudyEvent[] { new StudyOpened(Patient, "east"), new InstanceRecorded("1.2.840.1.1", "1.2.840.1.1.1") }
            .Aggregate(StudyState.Empty, (s, e) => s.Apply(e));
        Assert.Equal("", Assert.Single(Assert.Single(state.View(Study).Series).Instances).Hash);

        state = Run(state, Record("1.2.840.1.1", "1.2.840.1.1.1"), out var decision);

        Assert.Equal<IStudyEvent>([Stored("1.2.840.1.1", "1.2.840.1.1.1", HashA)], decision.Events);
        Assert.Equal(new StudyInstance("1.2.840.1.1.1", CtImage, ExplicitLittle, HashA, 1234, []),
            Assert.Single(Assert.Single(state.View(Study).Series).Instances));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789")]
    [InlineData("abc")]
    public void Given_a_malformed_hash_When_an_instance_is_recorded_Then_it_is_refused(string hash)
    {
        Run(StudyState.Empty, Record("1.2.840.1.1", "1.2.840.1.1.1", hash: hash), out var decision);

        Assert.Equal(StudyRefusal.InvalidCommand, decision.Refusal);
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
