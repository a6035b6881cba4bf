using Akka.Actor;
using Akka.Persistence.Query;
using Peake.Cluster.Studies;
using Peake.Cluster.Tests.Sharding;

namespace Peake.Cluster.Tests.Studies;

/// <summary>
/// Access records through the study region on a SQLite journal (ADR 0033): persisted as <see cref="StudyAccessed"/>
/// tagged "study" (what the read model follows), replayed into the view after a restart, and never a journal for a
/// study that was not recorded.
/// </summary>
[Trait("Category", "MultiNode")]
public sealed class StudyAccessJournalTests : IAsyncLifetime
{
    private const int Buckets = 10;
    private const string Study = "1.2.826.0.1.3680043.10.8";
    private const string Unknown = "1.2.826.0.1.3680043.10.9";
    private const string Patient = "0123456789abcdef0123456789abcdef";
    private static readonly DateTime T0 = new(2026, 11, 30, 6, 0, 0, DateTimeKind.Utc);

    private readonly StudyTestJournal _journal = new("access");

    private TestSiteCluster Cluster => _journal.Cluster;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _journal.DisposeAsync();

    private Task<IActorRef> Node() => _journal.StartNodeAsync(Buckets);

    private Task<IReadOnlyList<EventEnvelope>> StudyTagged() => _journal.TaggedAsync(StudyTags.Study);

    [Fact]
    public async Task Given_a_stored_study_When_accesses_are_recorded_Then_they_are_tagged_study_and_replay_after_a_restart()
    {
        var region = await Node();
        Assert.True((await StudyTestJournal.Send(region, new RecordInstance(
            "a", Study, Patient, $"{Study}.1", $"{Study}.1.1", "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1",
            new string('a', 64), 1000, DuplicatePolicy.Reject, ["akka.tcp://peake@127.0.0.1:1"]))).Accepted);

        Assert.True((await StudyTestJournal.Send(region, new RecordAccess("a", Study, "POTOMAC_PACS", "dimse", T0))).Accepted);
        Assert.True((await StudyTestJournal.Send(region, new RecordAccess("a", Study, "TRINITY_PACS", "wado-rs", T0.AddMinutes(1)))).Accepted);

        var tagged = await StudyTagged();
        Assert.Equal(
            [new StudyAccessed(T0, "POTOMAC_PACS", "dimse"), new StudyAccessed(T0.AddMinutes(1), "TRINITY_PACS", "wado-rs")],
            tagged.Select(e => e.Event).OfType<StudyAccessed>());
        Assert.All(tagged, e => Assert.Equal($"study-{Study}", e.PersistenceId));

        foreach (var node in Cluster.Live)
            await node.Terminate().WaitAsync(TestSiteCluster.Deadline);
        region = await Node();
        var view = await Eventually.Until(
            ct => region.Ask<StudyView>(new GetStudy("a", Study), TimeSpan.FromSeconds(5), ct),
            v => v.Exists,
            TestSiteCluster.Deadline, "the study after the restart");
        Assert.Equal(new StudyAccess(T0.AddMinutes(1), "TRINITY_PACS", "wado-rs", 2), view.LastAccess);
    }

    [Fact]
    public async Task Given_a_study_never_recorded_When_an_access_is_recorded_Then_it_is_refused_and_nothing_is_journaled()
    {
        var region = await Node();

        var ack = await StudyTestJournal.Send(region, new RecordAccess("a", Unknown, "POTOMAC_PACS", "dimse", T0));

        Assert.Equal(StudyRefusal.NotFound, ack.Refusal);
        Assert.False((await region.Ask<StudyView>(new GetStudy("a", Unknown), TimeSpan.FromSeconds(5))).Exists);
        Assert.Empty(await StudyTagged());
    }
}
