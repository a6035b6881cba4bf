using Peake.Cli.Tests.Infrastructure;
using Peake.Node.Tests.Cluster;

namespace Peake.Cli.Tests.Ops;

/// <summary>Three real peake-node processes, one per site, shared by the read-only command tests.</summary>
public sealed class ThreeSiteCluster : IAsyncLifetime
{
    public static readonly string[] Sites = ["east", "southeast", "central"];

    private OpsCluster? _cluster;

    internal OpsCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster did not start");

    public async Task InitializeAsync() => _cluster = await OpsCluster.StartAsync(Sites);

    public Task DisposeAsync()
    {
        _cluster?.Dispose();
        return Task.CompletedTask;
    }
}
