using Xunit.Abstractions;

namespace Peake.Node.Tests.Replication;

/// <summary>
/// A test class that starts a six-node archive of its own for each test (those that kill or drain a node), warmed
/// up before the test; its nodes' output ends the test's log, and the nodes are killed after it.
/// </summary>
public abstract class OwnArchive(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly DateTime _started = DateTime.UtcNow;

    internal ArchiveCluster Cluster { get; } = new();

    public async Task InitializeAsync()
    {
        await Cluster.StartAsync();
        await Ingest.WarmUpAsync(Cluster, TimeSpan.FromSeconds(60));
        Log("six nodes serving");
    }

    protected void Log(string what) => output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} (+{(DateTime.UtcNow - _started).TotalSeconds:0.0} s) {what}");

    public Task DisposeAsync()
    {
        output.WriteLine(Cluster.Tails());
        Cluster.Dispose();
        return Task.CompletedTask;
    }
}
