using Peake.Cli.Tests.Infrastructure;

namespace Peake.Cli.Tests.Ops;

/// <summary>Three real peake-node processes, one per site, shared by the read-only command tests.</summary>
public sealed class ThreeSiteCluster : IAsyncLifetime
{
    public static readonly string[] Sites = ["east", "southeast", "central"];

    internal TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await TestCluster.StartAsync(Sites);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
