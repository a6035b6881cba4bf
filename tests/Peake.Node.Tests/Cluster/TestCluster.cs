using System.Security.Cryptography;
using Xunit.Abstractions;

namespace Peake.Node.Tests.Cluster;

/// <summary>
/// Real peake-node processes on 127.0.0.x, one temp folder (data dirs, token file) and a token generated per
/// cluster. The first node is every node's seed. Dispose kills every process still running and prints the tail of
/// each node's output, so a failed test shows what the nodes said.
/// </summary>
internal sealed class TestCluster : IDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    // Shorter than production (common.conf explains the WAN values): the resolver decides 5 s after the picture
    // settles, and a killed node is unreachable ~3-5 s after its last heartbeat, so tests finish in seconds.
    private const string TestHocon = """
        akka.cluster.split-brain-resolver.stable-after = 5s
        akka.cluster.failure-detector.acceptable-heartbeat-pause = 3s
        akka.cluster.failure-detector.threshold = 8.0
        akka.loglevel = INFO
        """;

    private static int _nextIp = 20 + (Environment.ProcessId % 50) * 4;

    private readonly ITestOutputHelper _output;
    private readonly string _dir = Directory.CreateTempSubdirectory("peake-node-tests-").FullName;

    public TestCluster(ITestOutputHelper output)
    {
        _output = output;
        Token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        TokenFile = Path.Combine(_dir, "token");
        File.WriteAllText(TokenFile, Token + "\n");
    }

    public string Token { get; }

    public string TokenFile { get; }

    public List<NodeProcess> Nodes { get; } = [];

    public NodeProcess this[int index] => Nodes[index];

    /// <summary>Starts one node per site at once, each on its own loopback address, all seeded by the first.</summary>
    public IReadOnlyList<NodeProcess> Start(params string[] sites)
    {
        string? seed = Nodes.Count > 0 ? Nodes[0].Address : null;
        foreach (var site in sites)
        {
            var ip = NextIp();
            // The first node seeds itself: its remoting port must be known before it starts.
            var port = seed is null ? FreePort.On(ip) : (int?)null;
            seed ??= $"akka.tcp://peake@{ip}:{port}";
            Nodes.Add(new NodeProcess(site, ip, [seed], Path.Combine(_dir, $"data-{site}"), TokenFile, Token, TestHocon, port));
        }
        return Nodes;
    }

    /// <summary>One node seeded by an address of the caller's choice (e.g. one where nothing listens).</summary>
    public NodeProcess StartSeededBy(string site, string seed)
    {
        var node = new NodeProcess(site, NextIp(), [seed], Path.Combine(_dir, $"data-{site}"), TokenFile, Token, TestHocon);
        Nodes.Add(node);
        return node;
    }

    /// <summary>One node forming its own cluster, with extra flags.</summary>
    public NodeProcess StartAlone(string site, params string[] extraArgs)
    {
        var node = new NodeProcess(site, NextIp(), [], Path.Combine(_dir, $"data-{site}"), TokenFile, Token, TestHocon, null, extraArgs);
        Nodes.Add(node);
        return node;
    }

    /// <summary>A path inside this cluster's temp folder.</summary>
    public string PathOf(string name) => Path.Combine(_dir, name);

    /// <summary>Waits until every given node sees exactly the expected members, all Up and reachable.</summary>
    public async Task AllSeeUp(IEnumerable<NodeProcess> observers, IReadOnlyCollection<NodeProcess> expected)
    {
        var addresses = expected.Select(n => n.Address).Order(StringComparer.Ordinal).ToList();
        foreach (var node in observers)
        {
            await Eventually.Until(
                node.MembersAsync,
                m => m is not null && m.Members.Count == addresses.Count
                    && m.Members.All(x => x.Status == "Up" && x.Reachable)
                    && m.Members.Select(x => x.Address).Order(StringComparer.Ordinal).SequenceEqual(addresses),
                Bound,
                $"{node.Address} sees {addresses.Count} Up members");
        }
    }

    private static string NextIp() => $"127.0.0.{Interlocked.Increment(ref _nextIp) % 250 + 2}";

    public void Dispose()
    {
        foreach (var node in Nodes)
        {
            _output.WriteLine($"---- {node.Site} {node.Address} (pid {node.Pid}, exited: {node.HasExited})");
            _output.WriteLine(node.RecentOutput);
            node.Dispose();
        }
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A node killed mid-write may leave its SQLite file briefly locked; the temp folder is cleaned by the OS.
        }
    }
}
