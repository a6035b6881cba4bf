using Peake.Ingest.Tests.Harness;

namespace Peake.Ingest.Tests;

/// <summary>One three-node cluster (sites a, b, c), write quorum 2, duplicates rejected, shared by the collection.</summary>
public sealed class ThreeSiteFixture : IAsyncLifetime
{
    private readonly TempFolder _files = new();

    internal IngestTestCluster Cluster { get; private set; } = null!;

    /// <summary>Where a test writes the files it sends.</summary>
    internal string Files => _files.Path;

    public async Task InitializeAsync() => Cluster = await IngestTestCluster.StartAsync(null, "a", "b", "c");

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _files.Dispose();
    }
}

/// <summary>The tests that share one <see cref="ThreeSiteFixture"/>; each works on studies of its own.</summary>
[CollectionDefinition(Name)]
public sealed class ThreeSiteCollection : ICollectionFixture<ThreeSiteFixture>
{
    public const string Name = "three sites";
}
