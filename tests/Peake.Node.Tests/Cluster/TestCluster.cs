using System.Security.Cryptography;
using Xunit.Abstractions;

namespace Peake.Node.Tests.Cluster;

/// <summary>
/// Real peake-node processes on 127.0.0.x, one temp folder (data dirs, token file) and a token generated per
/// cluster. Every node is a seed of every other, so that any of them can be restarted while others run: a node
/// restarting finds a live member among its seeds, whereas a first seed whose other seeds are all down (or restarting
/// with it) would form a cluster of its own after seed-node-timeout. With <c>sharedJournal</c> every node
/// writes one SQLite journal in the folder, as make run's nodes do (ADR 0021): a shard that moves to another node
/// replays its entities' events there. Dispose kills every process still running and prints the tail of each
/// node's output (restarted ones too), so a failed test shows what the nodes said.
/// </summary>
internal sealed class TestCluster : IDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    // Shorter than production (common.conf explains the WAN values): the resolver decides 5 s after the picture
    // settles, and a killed node is unreachable ~3-5 s after its last heartbeat, so tests finish in seconds.
    // A node whose seeds are not yet a cluster asks them again after seed-node-timeout: 2 s instead of 5 s, as the
    // nodes of a test all start at once (on loopback an Up seed answers within milliseconds). Shards return home
    // within the 2 s rebalance round after a node rejoins, and a region that lost its coordinator (the oldest node
    // died) looks for the new one every 500 ms after a 1 s back-off: the same moves as in production, sooner.
    // Gossip and leader rounds every 250 ms instead of 1 s: a change of membership (join, leave, removal) converges
    // over six processes in a second or so rather than several, with no change to what counts as unreachable.
    public const string TestHocon = """
        akka.cluster.split-brain-resolver.stable-after = 5s
        akka.cluster.failure-detector.acceptable-heartbeat-pause = 3s
        akka.cluster.failure-detector.threshold = 8.0
        akka.cluster.seed-node-timeout = 2s
        akka.cluster.gossip-interval = 250ms
        akka.cluster.leader-actions-interval = 250ms
        akka.cluster.unreachable-nodes-reaper-interval = 250ms
        akka.cluster.sharding.rebalance-interval = 2s
        akka.cluster.sharding.retry-interval = 500ms
        akka.cluster.sharding.coordinator-failure-backoff = 1s
        akka.loglevel = INFO
        """;

    private static int _nextIp = 20 + (Environment.ProcessId % 50) * 4;

    private readonly ITestOutputHelper _output;
    private readonly string _dir = Directory.CreateTempSubdirectory("peake-node-tests-").FullName;
    private readonly string[] _commonArgs;
    private readonly List<NodeProcess> _ended = [];

    public TestCluster(ITestOutputHelper output, bool sharedJournal = false)
    {
        _output = output;
        Token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        TokenFile = Path.Combine(_dir, "token");
        File.WriteAllText(TokenFile, Token + "\n");
        _commonArgs = sharedJournal ? ["--db-connection", $"Data Source={Path.Combine(_dir, "journal.db")}"] : [];
    }

    public string Token { get; }

    public string TokenFile { get; }

    public List<NodeProcess> Nodes { get; } = [];

    public NodeProcess this[int index] => Nodes[index];

    /// <summary>Starts one node per site at once, each on its own loopback address, every node a seed.</summary>
    public IReadOnlyList<NodeProcess> Start(params string[] sites) => Start(sites, []);

    /// <summary>As <see cref="Start(string[])"/>, every node with <paramref name="extraArgs"/> as well.</summary>
    public IReadOnlyList<NodeProcess> Start(string[] sites, string[] extraArgs)
    {
        // Every node a seed, so the remoting ports are picked before any starts.
        var ips = sites.Select(_ => NextIp()).ToList();
        var ports = ips.Select(FreePort.On).ToList();
        IReadOnlyList<string> seeds =
        [
            .. Nodes.Select(n => n.Address),
            .. ips.Zip(ports).Select(p => $"akka.tcp://peake@{p.Item1}:{p.Item2}"),
        ];
        for (var i = 0; i < sites.Length; i++)
            Nodes.Add(new NodeProcess(sites[i], ips[i], seeds, Path.Combine(_dir, $"data-{sites[i]}"), TokenFile, Token, TestHocon, ports[i], [.. _commonArgs, .. extraArgs]));
        return Nodes;
    }

    /// <summary>Starts <paramref name="node"/> again once its process has ended (same ports, data and journal).</summary>
    public NodeProcess Restart(NodeProcess node)
    {
        var again = node.StartAgain();
        _ended.Add(node);
        Nodes[Nodes.IndexOf(node)] = again;
        return again;
    }

    /// <summary>One node seeded by an address of the caller's choice (e.g. one where nothing listens).</summary>
    public NodeProcess StartSeededBy(string site, string seed)
    {
        var node = new NodeProcess(site, NextIp(), [seed], Path.Combine(_dir, $"data-{site}"), TokenFile, Token, TestHocon, null, _commonArgs);
        Nodes.Add(node);
        return node;
    }

    /// <summary>One node forming its own cluster, with extra flags.</summary>
    public NodeProcess StartAlone(string site, params string[] extraArgs)
    {
        var node = new NodeProcess(site, NextIp(), [], Path.Combine(_dir, $"data-{site}"), TokenFile, Token, TestHocon, null, [.. _commonArgs, .. extraArgs]);
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
        foreach (var node in _ended.Concat(Nodes))
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
