using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using MessagePack;
using Peake.Cluster.Serialization;
using Peake.Cluster.Studies;

namespace Peake.Cluster.Tests.Studies;

/// <summary>
/// ADR 0033's access records without a cluster: the study's decisions (an unknown study is never created by an access,
/// the latest time wins, every record counts), the view's trailing key, and the node recorder's coalescing.
/// </summary>
public sealed class StudyAccessTests() : TestKit(ConfigurationFactory.ParseString("akka.actor.serialize-messages = on").WithFallback(PeakeSerialization.Config))
{
    private const string Study = "1.2.840.1";
    private const string Other = "1.2.840.2";
    private const string Patient = "0123456789abcdef0123456789abcdef";
    private static readonly DateTime T0 = new(2026, 11, 30, 6, 0, 0, DateTimeKind.Utc);

    // StudyView as shipped before ADR 0033: the same keys, without the trailing last access.
    [MessagePackObject]
    public sealed record StudyViewBefore0033(
        [property: Key(0)] string StudyInstanceUid, [property: Key(1)] bool Exists, [property: Key(2)] string? PatientMasterId,
        [property: Key(3)] string? HomeSite, [property: Key(4)] StudySeries[] Series);

    private static StudyState Opened() => StudyState.Empty.Apply(new StudyOpened(Patient, "east"));

    private static RecordAccess Access(string hospital, DateTime at, string study = Study, string via = "dimse") =>
        new("east", study, hospital, via, at);

    private static StudyState Run(StudyState state, IStudyCommand command, out StudyDecision decision)
    {
        decision = state.Process(command);
        return decision.Events.Aggregate(state, (s, e) => s.Apply(e));
    }

    [Fact]
    public void Given_no_study_When_an_access_is_recorded_Then_it_is_refused_as_not_found_and_nothing_is_written()
    {
        var state = Run(StudyState.Empty, Access("POTOMAC_PACS", T0), out var decision);

        Assert.Equal(StudyRefusal.NotFound, decision.Refusal);
        Assert.Empty(decision.Events);
        Assert.False(state.View(Study).Exists);
        Assert.Null(state.View(Study).LastAccess);
    }

    [Fact]
    public void Given_a_study_When_accesses_are_recorded_out_of_time_order_Then_the_latest_time_wins_and_each_counts()
    {
        var state = Run(Opened(), Access("POTOMAC_PACS", T0.AddMinutes(5), via: "wado-rs"), out var first);
        state = Run(state, Access("TRINITY_PACS", T0), out _);

        Assert.Equal<IStudyEvent>([new StudyAccessed(T0.AddMinutes(5), "POTOMAC_PACS", "wado-rs")], first.Events);
        Assert.Equal(new StudyAccess(T0.AddMinutes(5), "POTOMAC_PACS", "wado-rs", 2), state.View(Study).LastAccess);

        state = Run(state, Access("TRINITY_PACS", T0.AddMinutes(6)), out _);
        Assert.Equal(new StudyAccess(T0.AddMinutes(6), "TRINITY_PACS", "dimse", 3), state.View(Study).LastAccess);
    }

    [Fact]
    public void Given_a_study_When_an_access_has_no_hospital_or_a_local_time_Then_it_is_refused()
    {
        Run(Opened(), Access(" ", T0), out var noHospital);
        Run(Opened(), Access("POTOMAC_PACS", DateTime.SpecifyKind(T0, DateTimeKind.Local)), out var localTime);
        Run(Opened(), Access(new string('A', 65), T0), out var tooLong);

        Assert.All([noHospital, localTime, tooLong], d => Assert.Equal(StudyRefusal.InvalidCommand, d.Refusal));
        Assert.All([noHospital, localTime, tooLong], d => Assert.Empty(d.Events));
    }

    [Fact]
    public void Given_a_StudyView_from_a_node_before_access_records_When_decoded_Then_it_has_no_last_access()
    {
        var serializer = (PeakeSerializer)Sys.Serialization.FindSerializerForType(typeof(IPeakeMessage));
        var old = MessagePackSerializer.Serialize(new StudyViewBefore0033(Study, true, Patient, "east", []));

        var back = Assert.IsType<StudyView>(serializer.FromBinary(old, "study-view"));

        Assert.Null(back.LastAccess);
        Assert.Equal((Study, "east"), (back.StudyInstanceUid, back.HomeSite));
    }

    [Fact]
    public void Given_many_reads_of_one_study_by_one_hospital_When_the_interval_passes_Then_one_record_with_the_latest_time_is_sent()
    {
        var studies = CreateTestProbe();
        var recorder = Sys.ActorOf(StudyAccessRecorder.PropsFor(
            studies, uid => uid == Study ? "east" : "west", StudyAccessSettings.Default with { Interval = TimeSpan.FromMilliseconds(500) }));

        recorder.Tell(new StudyAccessRecorder.AccessSeen(Study, "POTOMAC_PACS", "dimse", T0.AddSeconds(2)));
        recorder.Tell(new StudyAccessRecorder.AccessSeen(Study, "POTOMAC_PACS", "wado-rs", T0.AddSeconds(1)));
        recorder.Tell(new StudyAccessRecorder.AccessSeen(Study, "POTOMAC_PACS", "dimse", T0.AddSeconds(3)));
        recorder.Tell(new StudyAccessRecorder.AccessSeen(Study, "TRINITY_PACS", "wado-rs", T0));
        recorder.Tell(new StudyAccessRecorder.AccessSeen(Other, "POTOMAC_PACS", "dimse", T0));

        var sent = new[] { studies.ExpectMsg<RecordAccess>(), studies.ExpectMsg<RecordAccess>(), studies.ExpectMsg<RecordAccess>() };
        Assert.Equal(
            [
                new RecordAccess("east", Study, "POTOMAC_PACS", "dimse", T0.AddSeconds(3)),
                new RecordAccess("east", Study, "TRINITY_PACS", "wado-rs", T0),
                new RecordAccess("west", Other, "POTOMAC_PACS", "dimse", T0),
            ],
            sent.OrderBy(r => r.StudyInstanceUid, StringComparer.Ordinal).ThenBy(r => r.HospitalAe, StringComparer.Ordinal));
        // Nothing read since: the next intervals send nothing.
        studies.ExpectNoMsg(TimeSpan.FromMilliseconds(1200));

        recorder.Tell(new StudyAccessRecorder.AccessSeen(Study, "POTOMAC_PACS", "dimse", T0.AddMinutes(1)));
        Assert.Equal(T0.AddMinutes(1), studies.ExpectMsg<RecordAccess>().AtUtc);
    }

    [Fact]
    public void Given_a_full_pending_map_When_one_more_pair_is_seen_Then_everything_is_sent_at_once()
    {
        var studies = CreateTestProbe();
        var recorder = Sys.ActorOf(StudyAccessRecorder.PropsFor(
            studies, _ => "east", StudyAccessSettings.Default with { Interval = TimeSpan.FromHours(1), MaxPending = 3 }));

        recorder.Tell(new StudyAccessRecorder.AccessSeen("1.2.840.1", "POTOMAC_PACS", "dimse", T0));
        recorder.Tell(new StudyAccessRecorder.AccessSeen("1.2.840.1", "POTOMAC_PACS", "dimse", T0.AddSeconds(1)));
        recorder.Tell(new StudyAccessRecorder.AccessSeen("1.2.840.2", "POTOMAC_PACS", "dimse", T0));
        studies.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        recorder.Tell(new StudyAccessRecorder.AccessSeen("1.2.840.3", "POTOMAC_PACS", "dimse", T0));

        var sent = new[] { studies.ExpectMsg<RecordAccess>(), studies.ExpectMsg<RecordAccess>(), studies.ExpectMsg<RecordAccess>() };
        Assert.Equal(["1.2.840.1", "1.2.840.2", "1.2.840.3"], sent.Select(r => r.StudyInstanceUid).Order(StringComparer.Ordinal));
        studies.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void Given_the_access_record_interval_in_config_Then_the_settings_use_it_and_refuse_zero()
    {
        var config = ConfigurationFactory.ParseString("peake.query.access-record-interval = 2s");

        Assert.Equal(TimeSpan.FromSeconds(2), StudyAccessSettings.FromConfig(config).Interval);
        Assert.Equal(TimeSpan.FromSeconds(60), StudyAccessSettings.FromConfig(Config.Empty).Interval);
        Assert.Throws<ArgumentException>(() => StudyAccessSettings.FromConfig(ConfigurationFactory.ParseString("peake.query.access-record-interval = 0s")));
    }
}
