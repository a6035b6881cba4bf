using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Peake.Cli.Tests.Infrastructure;
using Peake.Dicom.Network.Tests.Infrastructure;
using Peake.Management.Contracts;
using Peake.Node.Tests.Cluster;

namespace Peake.Cli.Tests.Patients;

/// <summary>
/// Real peake-node processes of two sites on one SQLite journal (as make run shares one), the first every node's
/// seed, ready once each answers patient look-ups; and `peake` run against them with the cluster's token.
/// </summary>
internal sealed class PatientOpsCluster : IDisposable
{
    private const string Ip = "127.0.0.1";

    private const string Hocon = """
        akka.cluster.split-brain-resolver.stable-after = 5s
        akka.cluster.failure-detector.acceptable-heartbeat-pause = 3s
        # The nodes start together: one that found the seed not yet up asks again after 2 s, not 5 s.
        akka.cluster.seed-node-timeout = 2s
        """;

    private readonly TempFolder _folder = new();
    private readonly List<NodeProcess> _nodes = [];

    private PatientOpsCluster() => TokenFile = _folder.Write("token", Convert.ToHexString(RandomNumberGenerator.GetBytes(32)) + "\n");

    public string TokenFile { get; }

    public IReadOnlyList<NodeProcess> Nodes => _nodes;

    public static async Task<PatientOpsCluster> StartAsync(params string[] sites)
    {
        var cluster = new PatientOpsCluster();
        try
        {
            var token = (await File.ReadAllTextAsync(cluster.TokenFile)).Trim();
            var journal = $"Data Source={Path.Combine(cluster._folder.Path, "journal.db")}";
            var seedPort = FreePort.On(Ip);
            foreach (var (site, i) in sites.Select((s, i) => (s, i)))
            {
                cluster._nodes.Add(new NodeProcess(site, Ip, [$"akka.tcp://peake@{Ip}:{seedPort}"],
                    Path.Combine(cluster._folder.Path, $"data-{site}"), cluster.TokenFile, token, Hocon,
                    i == 0 ? seedPort : null, ["--db-connection", journal]));
            }
            foreach (var node in cluster._nodes)
            {
                await Eventually.Until(node.MembersAsync,
                    m => m is not null && m.Members.Count(x => x.Status == "Up" && x.Reachable) == sites.Length,
                    TimeSpan.FromSeconds(90), $"{node.Site} sees {sites.Length} Up members");
                await Eventually.Until(
                    async () => (await node.Http.GetAsync("/patients?issuer=PROBE&patientId=nobody")).StatusCode,
                    s => s == HttpStatusCode.NotFound, TimeSpan.FromSeconds(60), $"{node.Site} answers patient look-ups");
            }
            return cluster;
        }
        catch (Exception e)
        {
            var diagnostics = string.Join("\n", cluster._nodes.Select(n => $"--- {n.Site} (exited: {n.HasExited})\n{n.RecentOutput}"));
            cluster.Dispose();
            throw new InvalidOperationException($"the cluster did not start: {e.Message}\n{diagnostics}", e);
        }
    }

    /// <summary>The identity feed, through the node's route (what DICOM ingest will do): the person's view.</summary>
    public static async Task<PatientResponse> ResolveAsync(NodeProcess node, string issuer, string patientId, string site,
        string? name = null, string? birthDate = null, string? sex = null)
    {
        using var response = await node.Http.PostAsJsonAsync("/patients/resolve",
            new ResolvePatientRequest(issuer, patientId, site, name, birthDate, sex));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<PatientResponse>())!;
    }

    public Task<PeerResult> PeakeAsync(NodeProcess node, params string[] args) =>
        new PeakeCli(_folder.Path).RunAsync([.. args, "--node", node.Management(), "--token-file", TokenFile]);

    public void Dispose()
    {
        foreach (var node in _nodes)
            node.Dispose();
        _folder.Dispose();
    }
}
