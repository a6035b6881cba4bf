using System.Security.Cryptography;
using Peake.Node.Tests.Chaos;
using Peake.Node.Tests.Cluster;

namespace Peake.Node.Tests.Replication;

/// <summary>
/// Six real peake-node processes, one per site of cluster-config/sites.conf, each on its own loopback address with a
/// DICOM gateway (its own port and called AE) and DICOMweb (callers named by X-Peake-Hospital), all reading one copy of
/// cluster-config (<see cref="TestClusterConfig"/>: a test's own C-MOVE destinations), all on one SQLite journal (the replication coordinator reads the
/// catalog from it), one management token and one cluster secret (the node-to-node blob transfer's bearer). Every
/// node is a seed of every other, as in <see cref="TestCluster"/>, so a killed node can come back.
///
/// The replication timings are the issue-5 flags set short: a repair grace of 5 s instead of minutes, anti-entropy
/// every 5 s, a scrubber fast enough to pass over a test corpus in a second, and a repair request given up after 20 s
/// instead of 2 min (one in flight to a node that dies is otherwise waited out in full). Failure detection, downing,
/// joining and sharding are the process tests' short values (<see cref="TestCluster.TestHocon"/>; TestCluster explains
/// why production waits longer). Dispose kills every process
/// started here (by PID), prints the tail of each node's output and deletes the folder.
/// </summary>
internal sealed class ArchiveCluster : IDisposable
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    // Six .NET processes starting at once on two shared cores.
    public static readonly TimeSpan Startup = TimeSpan.FromSeconds(120);

    private const string Hocon = TestCluster.TestHocon + """

        peake.replication.request-timeout = 20s
        """;

    // Its own range of loopback addresses, apart from TestCluster's (which counts up from 20): a node of another
    // suite still shutting down never holds an address these nodes want.
    private static int _nextIp = 100 + (Environment.ProcessId % 25) * 6;

    private readonly string _dir = Directory.CreateTempSubdirectory("peake-archive-tests-").FullName;
    private readonly List<NodeProcess> _ended = [];
    private readonly int _writeQuorum;

    /// <param name="hospitalPorts">Hospitals whose DICOM SCP is a test's own (a C-MOVE destination): AE title → port on 127.0.0.1.</param>
    public ArchiveCluster(int writeQuorum = 2, IReadOnlyDictionary<string, int>? hospitalPorts = null)
    {
        _writeQuorum = writeQuorum;
        ConfigDir = TestClusterConfig.Write(Path.Combine(_dir, "cluster-config"), hospitalPorts ?? new Dictionary<string, int>());
        Token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        TokenFile = Path.Combine(_dir, "token");
        File.WriteAllText(TokenFile, Token + "\n");
        Secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        SecretFile = Path.Combine(_dir, "cluster-secret");
        File.WriteAllText(SecretFile, Secret + "\n");
    }

    public string Token { get; }

    public string TokenFile { get; }

    /// <summary>The bearer of node-to-node requests (GET /internal/blobs/{hash} is how the tests read a copy).</summary>
    public string Secret { get; }

    public string SecretFile { get; }

    /// <summary>The cluster-config/ every node reads: the repository's, with the test's hospital endpoints.</summary>
    public string ConfigDir { get; }

    public List<ArchiveNode> Nodes { get; } = [];

    public IReadOnlyList<ArchiveNode> Live => [.. Nodes.Where(n => !n.Down)];

    public ArchiveNode this[string site] => Nodes.Single(n => n.Site == site);

    public ArchiveNode ByAddress(string address) => Nodes.Single(n => n.Address == address);

    /// <summary>A folder inside this cluster's temp folder (corpora, storescu logs), created.</summary>
    public string Folder(string name) => Directory.CreateDirectory(Path.Combine(_dir, name)).FullName;

    /// <summary>Starts the six nodes at once (sites.conf order: the first is the oldest) and waits until all serve.</summary>
    public async Task StartAsync()
    {
        var sites = ClusterConfigFiles.Sites.Sites.Select(s => s.Name).ToList();
        var ips = sites.Select(_ => $"127.0.0.{Interlocked.Increment(ref _nextIp) % 250 + 2}").ToList();
        var remoting = ips.Select(FreePort.On).ToList();
        var seeds = ips.Zip(remoting).Select(p => $"akka.tcp://peake@{p.Item1}:{p.Item2}").ToList();
        var journal = $"Data Source={Path.Combine(_dir, "journal.db")}";
        for (var i = 0; i < sites.Count; i++)
        {
            var dicomPort = FreePort.On(ips[i]);
            var ae = $"PEAKE_{sites[i].ToUpperInvariant()}";
            var data = Path.Combine(_dir, $"data-{sites[i]}");
            string[] flags =
            [
                "--db-connection", journal,
                "--ae-title", ae,
                "--write-quorum", $"{_writeQuorum}",
                "--repair-grace", $"{Grace.TotalSeconds:0}s",
                "--anti-entropy-interval", "5s",
                "--scrub-rate", "200",
                "--cluster-secret-file", SecretFile,
                "--config-dir", ConfigDir,
                // DICOMweb callers name their hospital in X-Peake-Hospital, as make run's loopback cluster does.
                "--dicomweb-trust-header", "true",
            ];
            var process = new NodeProcess(sites[i], ips[i], seeds, data, TokenFile, Token, Hocon, remoting[i], flags, dicomPort: dicomPort);
            Nodes.Add(new ArchiveNode(process, ae));
        }
        await ServingAsync(Startup);
    }

    /// <summary>
    /// <c>kill -9</c> (unless a test already killed it mid-run): no leave, no hand-off; then every survivor sees it
    /// unreachable and the resolver removes it.
    /// </summary>
    public async Task KillAsync(ArchiveNode victim)
    {
        if (!victim.Process.HasExited)
            victim.Process.KillHard();
        await victim.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        victim.Down = true;
        await AllUpAsync(Live, TimeSpan.FromSeconds(60));
    }

    /// <summary>The same node again (ports, data folder, flags), once its process has ended; waits until it serves.</summary>
    public async Task RestartAsync(ArchiveNode node)
    {
        _ended.Add(node.Process);
        node.Process = node.Process.StartAgain();
        node.Down = false;
        await ServingAsync(TimeSpan.FromSeconds(90));
    }

    /// <summary>
    /// Every node sees exactly the live nodes Up, says it is ready, answers C-ECHO from a hospital of its site on its
    /// gateway, and the coordinator answers `peake replicas check`.
    /// </summary>
    private async Task ServingAsync(TimeSpan within)
    {
        // One deadline for all the steps: each waits only for what the previous ones left.
        var deadline = DateTime.UtcNow + within;
        TimeSpan Left() => deadline - DateTime.UtcNow;
        await AllUpAsync(Live, Left());
        // Each node on its own: none waits for another's answers.
        await Task.WhenAll(Live.Select(async node =>
        {
            await Eventually.Until(node.Process.ReadyAsync, r => r.Status == 200, Left(), $"{node} ready");
            var hospital = Hospitals.Of(node.Site)[0];
            await Eventually.Until(() => Dcmtk.RunAsync("echoscu", ["-aet", hospital, "-aec", node.AeTitle, node.Ip, $"{node.DicomPort}"], TimeSpan.FromSeconds(10)),
                r => r.ExitCode == 0, Left(), $"C-ECHO from {hospital} to {node}");
        }));
        await Eventually.Until(() => ArchiveCli.TryReplicasCheckAsync(this, Live[0]), r => r is not null, Left(), "the replication coordinator answers");
    }

    private static async Task AllUpAsync(IReadOnlyList<ArchiveNode> live, TimeSpan within)
    {
        var addresses = live.Select(n => n.Address).Order(StringComparer.Ordinal).ToList();
        foreach (var node in live)
        {
            await Eventually.Until(node.Process.MembersAsync,
                m => m is not null && m.Members.Count == addresses.Count && m.Members.All(x => x.Status == "Up" && x.Reachable)
                    && m.Members.Select(x => x.Address).Order(StringComparer.Ordinal).SequenceEqual(addresses),
                within, $"{node} sees exactly {addresses.Count} Up members");
        }
    }

    /// <summary>The tail of every node's output (restarted ones too), for a test's log.</summary>
    public string Tails() => string.Join('\n', _ended.Concat(Nodes.Select(n => n.Process)).Select(p =>
        $"---- {p.Site} {p.Address} (pid {p.Pid}, exited: {p.HasExited})\n{p.RecentOutput}"));

    public void Dispose()
    {
        foreach (var process in _ended.Concat(Nodes.Select(n => n.Process)))
            process.Dispose();
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
