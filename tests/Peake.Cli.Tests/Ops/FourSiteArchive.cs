using Peake.Cli.Tests.Infrastructure;

namespace Peake.Cli.Tests.Ops;

/// <summary>
/// Four real peake-node processes on four sites, each with its DICOM gateway on a port of its own, and anti-entropy
/// every two seconds so that the coordinator knows every node's inventory soon after the start (a drain needs it).
/// </summary>
public sealed class FourSiteArchive : IAsyncLifetime
{
    public static readonly string[] Sites = ["east", "southeast", "central", "west"];

    private OpsCluster? _cluster;

    internal OpsCluster Cluster => _cluster ?? throw new InvalidOperationException("the cluster did not start");

    public async Task InitializeAsync() =>
        _cluster = await OpsCluster.StartAsync(Sites, ["--anti-entropy-interval", "2s", "--repair-grace", "30s"]);

    public Task DisposeAsync()
    {
        _cluster?.Dispose();
        return Task.CompletedTask;
    }
}
