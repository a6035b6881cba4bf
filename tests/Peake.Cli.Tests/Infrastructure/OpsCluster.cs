using System.Security.Cryptography;
using Peake.Management.Contracts;
using Peake.Node.Tests.Cluster;

namespace Peake.Cli.Tests.Infrastructure;

/// <summary>
/// Real peake-node processes (Peake.Node.Tests' NodeProcess) on 127.0.0.1, the first one every node's seed, with a
/// token generated per cluster. Failure detection is short and the split brain resolver slow (ten minutes), so
/// that `peake cluster down` and `down-unreachable`, not the resolver, take out the members a test kills.
/// </summary>
internal sealed class OpsCluster : IDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    private const string Ip = "127.0.0.1";

    private const string Hocon = """
        akka.cluster.split-brain-resolver.stable-after = 10m
        akka.cluster.failure-detector.acceptable-heartbeat-pause = 3s
        akka.cluster.failure-detector.threshold = 8.0
        # The nodes start together: one that found the seed not yet up asks again after 2 s, not 5 s.
        akka.cluster.seed-node-timeout = 2s
        """;

    private readonly TempFolder _folder = new();
    private readonly string _token = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
    private readonly List<NodeProcess> _nodes = [];

    private OpsCluster()
    {
        // The temp folder is the user's alone (created 0700), as make run's token file is mode 600.
        TokenFile = _folder.Write("token", _token + "\n");
    }

    public string TokenFile { get; }

    public string Folder => _folder.Path;

    public IReadOnlyList<NodeProcess> Nodes => _nodes;

    /// <summary>Starts one node per site and waits (bounded) until each lists them all Up.</summary>
    public static Task<OpsCluster> StartAsync(params string[] sites) => StartAsync(sites, []);

    /// <summary>As <see cref="StartAsync(string[])"/>, each node with <paramref name="extraArgs"/> as well.</summary>
    public static async Task<OpsCluster> StartAsync(string[] sites, string[] extraArgs)
    {
        var cluster = new OpsCluster();
        try
        {
            var seedPort = FreePort.On(Ip);
            var seed = $"akka.tcp://peake@{Ip}:{seedPort}";
            foreach (var (site, i) in sites.Select((s, i) => (s, i)))
            {
                cluster._nodes.Add(new NodeProcess(
                    site, Ip, [seed], Path.Combine(cluster.Folder, $"data-{site}"), cluster.TokenFile, cluster._token, Hocon, i == 0 ? seedPort : null, extraArgs));
            }

            foreach (var node in cluster._nodes)
            {
                try
                {
                    await Eventually.Until(
                        () => node.HasExited
                            ? throw new InvalidOperationException($"{node.Site} exited while starting\n{cluster.Diagnostics()}")
                            : node.MembersAsync(),
                        m => m is not null && m.Members.Count(x => x.Status == "Up" && x.Reachable) == sites.Length,
                        Bound,
                        $"{node.Site} sees {sites.Length} Up members");
                }
                catch (Xunit.Sdk.FailException e)
                {
                    // Eventually's failure, with what every node said added.
                    throw new TimeoutException($"{e.Message}\n{cluster.Diagnostics()}", e);
                }
            }

            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>Waits until <paramref name="observer"/> lists members and <paramref name="gone"/> is not one of them.</summary>
    public Task WaitUntilGoneAsync(NodeProcess observer, NodeProcess gone) =>
        Eventually.Until(
            observer.MembersAsync,
            m => m is not null && m.Members.Count > 0 && m.Members.All(x => x.Address != gone.Address),
            Bound,
            $"{gone.Site} removed from {observer.Site}'s view");

    public Task<MembersResponse?> WaitUntilUnreachableAsync(NodeProcess observer, NodeProcess lost) =>
        Eventually.Until(
            observer.MembersAsync,
            m => m is not null && m.Members.Any(x => x.Address == lost.Address && !x.Reachable),
            Bound,
            $"{lost.Site} unreachable from {observer.Site}");

    public string Diagnostics() =>
        string.Join("\n", _nodes.Select(n => $"--- {n.Site} {n.Address} (exited: {n.HasExited})\n{n.RecentOutput}"));

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }

        _folder.Dispose();
    }
}
