using Akka.Actor;
using Microsoft.Data.Sqlite;
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
