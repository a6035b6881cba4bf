using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Peake.Dicom.Network.Tests.Cli;
using Peake.Node.Tests.Cluster;
using Xunit.Abstractions;

namespace Peake.Node.Tests.Ingest;

/// <summary>
/// The node's DICOM gateway as wired by peake-node (ADR 0027): it listens on --dicom-port with the called AE title
/// PEAKE_&lt;SITE&gt;, answers dcmtk's echoscu from a hospital of cluster-config and rejects a stranger, and an
/// instance stored with storescu shows in `peake study show --json` with its hash, size and copies, the hash naming
/// a file on the node's disk with exactly those bytes.
/// </summary>
[Trait("Category", "Process")]
public sealed class DicomGatewayTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestCluster _cluster = new(output, sharedJournal: true);

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public async Task Given_a_node_When_a_hospital_echoes_Then_it_answers_and_an_unknown_calling_AE_is_rejected()
    {
        var node = _cluster.StartAlone("east", "--write-quorum", "1");
        await WaitReadyAsync(node);

        var hospital = await DcmtkRun.RunAsync("echoscu", "-aet", "POTOMAC_PACS", "-aec", "PEAKE_EAST", node.Ip, $"{node.DicomPort}");
        var stranger = await DcmtkRun.RunAsync("echoscu", "-aet", "STRANGER", "-aec", "PEAKE_EAST", node.Ip, $"{node.DicomPort}");

        Assert.True(hospital.ExitCode == 0, hospital.ToString());
        Assert.NotEqual(0, stranger.ExitCode);
        Assert.Contains("Calling AE Title Not Recognized", stranger.StandardError + stranger.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_three_sites_When_storescu_sends_an_instance_Then_study_show_lists_it_with_hash_size_and_three_copies_on_two_sites_or_more()
    {
        var nodes = _cluster.Start(["east", "southeast", "central"], ["--anti-entropy-interval", "3s"]);
        foreach (var n in nodes)
            await WaitReadyAsync(n);
        var east = nodes[0];
        var uid = $"1.2.826.0.1.3680043.10.{Environment.ProcessId}.{DateTime.UtcNow.Ticks % 1_000_000_000}";
        var file = await DcmtkRun.WriteInstanceAsync(_cluster.PathOf(""), "OPS-7", uid, uid + ".1", uid + ".1.1");

        var store = await DcmtkRun.RunAsync("storescu", "-aet", "POTOMAC_PACS", "-aec", "PEAKE_EAST", east.Ip, $"{east.DicomPort}", file);
        Assert.True(store.ExitCode == 0, store.ToString());

        // Success means two durable copies (quorum 2); the third follows at once.
        var shown = await Eventually.Until(
            () => Peake("study", "show", uid, "--json", "--node", $"{nodes[1].Ip}:{nodes[1].HttpPort}"),
            r => r.ExitCode == 0 && JsonNode.Parse(r.StandardOutput)?["series"]?[0]?["instances"]?[0]?["copies"]?.AsArray().Count == 3,
            TestCluster.Bound,
            "the instance has three copies");
        var doc = JsonNode.Parse(shown.StandardOutput)!;
        Assert.Equal(uid, doc["studyInstanceUid"]!.GetValue<string>());
        Assert.Equal("east", doc["homeSite"]!.GetValue<string>());
        var series = Assert.Single(doc["series"]!.AsArray())!;
        Assert.Equal(uid + ".1", series["seriesInstanceUid"]!.GetValue<string>());
        var instance = Assert.Single(series["instances"]!.AsArray())!;
        Assert.Equal(uid + ".1.1", instance["sopInstanceUid"]!.GetValue<string>());
        Assert.Equal("1.2.840.10008.5.1.4.1.1.2", instance["sopClassUid"]!.GetValue<string>());
        var hash = instance["hash"]!.GetValue<string>();
        var size = instance["size"]!.GetValue<long>();
        Assert.Matches("^[0-9a-f]{64}$", hash);
        var copies = instance["copies"]!.AsArray().Select(c => (Node: c!["node"]!.GetValue<string>(), Site: c["site"]!.GetValue<string>())).ToList();
        Assert.Equal(nodes.Select(n => n.Address).Order(), copies.Select(c => c.Node).Order());
        Assert.Equal(copies.Select(c => nodes.Single(n => n.Address == c.Node).Site), copies.Select(c => c.Site));

        // The hash names the bytes on each holder's disk: <data>/blobs is the store's root.
        foreach (var n in nodes)
        {
            var blob = Directory.EnumerateFiles(Path.Combine(n.DataDir, "blobs", "blobs"), hash, SearchOption.AllDirectories).Single();
            var bytes = await File.ReadAllBytesAsync(blob);
            Assert.Equal(size, bytes.LongLength);
            Assert.Equal(hash, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }

        var table = await Peake("study", "show", uid, "--node", $"{east.Ip}:{east.HttpPort}");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Matches($@"(?m)^{Regex.Escape(uid + ".1.1")} +{size.ToString(CultureInfo.InvariantCulture)} +{hash[..16]}… +3 +\S", table.StandardOutput);
        Assert.EndsWith($"1 instances, {size.ToString(CultureInfo.InvariantCulture)} bytes; 1 with 3 or more live copies, 0 with fewer\n", table.StandardOutput, StringComparison.Ordinal);
    }

    private Task<Dicom.Network.Tests.Infrastructure.PeerResult> Peake(params string[] args) =>
        PeakeProcess.RunAsync([.. args, "--token-file", _cluster.TokenFile]);

    private static Task WaitReadyAsync(NodeProcess node) =>
        Eventually.Until(
            () => node.HasExited ? throw new InvalidOperationException($"{node.Site} exited:\n{node.RecentOutput}") : node.ReadyAsync(),
            r => r.Status == 200,
            TestCluster.Bound,
            $"{node.Site} ready (DICOM gateway listening)");
}
