using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Microsoft.Data.Sqlite;
using Peake.Cluster.Sites;
using Peake.Cluster.Studies;
using Peake.Cluster.Tests.Sharding;

namespace Peake.Cluster.Tests.Studies;

/// <summary>A <see cref="TestSiteCluster"/> on a SQLite journal file of its own, removed (with its WAL files) on dispose.</summary>
internal sealed class StudyTestJournal : IAsyncDisposable
{
    public StudyTestJournal(string name)
    {
        File = Path.Combine(Path.GetTempPath(), $"peake-{name}-{Guid.NewGuid():N}.db");
        Cluster = new TestSiteCluster(File);
    }

    public string File { get; }

    public TestSiteCluster Cluster { get; }

    /// <summary>One more node of site "a" (the only site), settled, with its study region.</summary>
    public async Task<IActorRef> StartNodeAsync(int buckets)
    {
        var system = await Cluster.StartAsync("a");
        await Cluster.SettledAsync();
        return await StudySharding.StartAsync(system, new SiteMap([new Site("a", 0, 0, [])]), buckets);
    }

    /// <summary>Every event the journal holds under <paramref name="tag"/>, as the read side gets them.</summary>
    public async Task<IReadOnlyList<EventEnvelope>> TaggedAsync(string tag)
    {
        var system = Cluster.Live[0];
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        return await journal.CurrentEventsByTag(tag, Offset.NoOffset())
            .RunWith(Sink.Seq<EventEnvelope>(), system.Materializer())
            .WaitAsync(TestSiteCluster.Deadline);
    }

    /// <summary>A study command answered, retried while regions start or hand over.</summary>
    public static Task<StudyAck> Send(IActorRef region, IStudyCommand command) => Eventually.Until(
        ct => region.Ask<StudyAck>(command, TimeSpan.FromSeconds(5), ct),
        _ => true,
        TestSiteCluster.Deadline, $"an answer to {command}");

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { File, File + "-wal", File + "-shm" })
            System.IO.File.Delete(file);
    }
}
