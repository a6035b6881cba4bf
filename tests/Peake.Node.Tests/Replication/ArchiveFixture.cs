namespace Peake.Node.Tests.Replication;

/// <summary>
/// One six-node archive shared by the tests that leave every node running (each sends a corpus of its own, with
/// UIDs of its own): a cluster start costs a minute on two cores, so only the tests that kill or drain a node
/// start their own.
/// </summary>
public sealed class ArchiveFixture : IAsyncLifetime
{
    internal ArchiveCluster Cluster { get; } = new();

    public async Task InitializeAsync()
    {
        await Cluster.StartAsync();
        await Ingest.WarmUpAsync(Cluster, TimeSpan.FromSeconds(60));
    }

    public Task DisposeAsync()
    {
        Cluster.Dispose();
        return Task.CompletedTask;
    }
}
