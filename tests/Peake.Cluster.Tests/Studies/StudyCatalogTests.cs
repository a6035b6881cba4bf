using Akka.Actor;
using Microsoft.Data.Sqlite;
using Peake.Cluster.Studies;
using Peake.Cluster.Tests.Sharding;

namespace Peake.Cluster.Tests.Studies;

/// <summary>
/// The study journal as the replication coordinator reads it: every stored version is an <see cref="InstanceStored"/>
/// tagged "instance" in the SQLite journal's tag table, read back by tag as the bare event (never a Tagged wrapper),
/// replayed into the study's view after a restart, and a resend of the same bytes writes nothing.
/// </summary>
[Trait("Category", "MultiNode")]
public sealed class StudyCatalogTests : IAsyncLifetime
{
    private const int Buckets = 10;
    private const string Study = "1.2.826.0.1.3680043.10.7";
    private const string Patient = "0123456789abcdef0123456789abcdef";

    private readonly StudyTestJournal _journal = new("catalog");

    private TestSiteCluster Cluster => _journal.Cluster;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _journal.DisposeAsync();

    private static RecordInstance Instance(int n, char hash, DuplicatePolicy policy = DuplicatePolicy.Reject) => new(
        "a", Study, Patient, $"{Study}.1", $"{Study}.1.{n}", "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1",
        new string(hash, 64), 1000 + n, policy, ["akka.tcp://peake@127.0.0.1:1", "akka.tcp://peake@127.0.0.2:1"]);

    private static Task<StudyAck> Send(IActorRef region, IStudyCommand command) => StudyTestJournal.Send(region, command);

    private Task<IActorRef> Node() => _journal.StartNodeAsync(Buckets);

    [Fact]
    public async Task Given_stored_instances_When_the_journal_is_read_by_tag_Then_each_version_is_a_bare_InstanceStored_once()
    {
        var region = await Node();

        Assert.True((await Send(region, Instance(1, 'a'))).Accepted);
        Assert.True((await Send(region, Instance(2, 'b'))).Accepted);
        Assert.True((await Send(region, Instance(1, 'a'))).Accepted);
        Assert.Equal(StudyRefusal.DifferentContent, (await Send(region, Instance(2, 'c'))).Refusal);
        Assert.True((await Send(region, Instance(2, 'd', DuplicatePolicy.KeepBoth))).Accepted);

        var events = await _journal.TaggedAsync(StudyTags.Instance);

        Assert.All(events, e => Assert.Equal($"study-{Study}", e.PersistenceId));
        Assert.Equal(
            [(1, 'a'), (2, 'b'), (2, 'd')],
            events.Select(e => Assert.IsType<InstanceStored>(e.Event))
                .Select(s => (int.Parse(s.SopInstanceUid[^1..], System.Globalization.CultureInfo.InvariantCulture), s.Hash[0])));
        var first = (InstanceStored)events[0].Event;
        Assert.Equal(("a", Patient, 1001L, $"{Study}.1"), (first.HomeSite, first.PatientMasterId, first.Size, first.SeriesInstanceUid));
    }

    [Fact]
    public async Task Given_a_stored_study_When_the_cluster_restarts_Then_the_replayed_view_has_every_version()
    {
        var region = await Node();
        Assert.True((await Send(region, Instance(1, 'a'))).Accepted);
        Assert.True((await Send(region, Instance(1, 'b', DuplicatePolicy.KeepBoth))).Accepted);
        foreach (var node in Cluster.Live)
            await node.Terminate().WaitAsync(TestSiteCluster.Deadline);

        region = await Node();
        var view = await Eventually.Until(
            ct => region.Ask<StudyView>(new GetStudy("a", Study), TimeSpan.FromSeconds(5), ct),
            v => v.Exists,
            TestSiteCluster.Deadline, "the study after the restart");

        var instance = Assert.Single(Assert.Single(view.Series).Instances);
        Assert.Equal(
            new StudyInstance($"{Study}.1.1", "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1", new string('b', 64), 1001, [new string('a', 64)]),
            instance);
        // The tag table has exactly the two versions, whatever a restart replayed.
        using var connection = new SqliteConnection($"Data Source={_journal.File}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM tags WHERE tag = 'instance'";
        Assert.Equal(2L, (long)command.ExecuteScalar()!);
    }
}
