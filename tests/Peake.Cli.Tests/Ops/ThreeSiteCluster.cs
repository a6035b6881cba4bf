using Peake.Cli.Tests.Infrastructure;

namespace Peake.Cli.Tests.Ops;

/// <summary>Three real peake-node processes, one per site, shared by the read-only command tests.</summary>
public sealed class ThreeSiteCluster : IAsyncLifetime
{
    public static readonly string[] Sites = ["east", "southeast", "central"];

    private TestCluster? _cluster;

    internal TestCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster did not start");

    public async Task InitializeAsync() => _cluster = await TestCluster.StartAsync(Sites);

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
