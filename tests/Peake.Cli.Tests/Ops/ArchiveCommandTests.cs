using System.Text.Json.Nodes;
using Peake.Cli.Tests.Infrastructure;
using Peake.Cluster.Sites;
using Peake.Dicom.Network.Tests.Infrastructure;
using Peake.Node.Tests.Cluster;

namespace Peake.Cli.Tests.Ops;

/// <summary>
/// `peake sites show`, `replicas check`, `study show` and `node drain` (ADR 0027) against four real nodes: the shapes
/// of the tables and of --json, and the one-line answers to what the nodes refuse (404, 409).
/// </summary>
[Trait("Category", "Process")]
public sealed class ArchiveCommandTests(FourSiteArchive fixture) : IClassFixture<FourSiteArchive>
{
    private static readonly SiteMap SitesConf = SiteMap.Load(Path.Combine(RepositoryRoot.Path, "cluster-config", "sites.conf"));

    private OpsCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Sites_show_json_lists_the_six_sites_with_each_running_node_DICOM_endpoint_and_the_hospitals_AE_titles()
    {
        // The node directory learns the other nodes' endpoints from their replica actors, a moment after they are Up.
        var doc = await Eventually.Until(
            async () => JsonNode.Parse((await PeakeAsync("sites", "show", "--json", "--node", Cluster.Nodes[1].Management())).StandardOutput)!.AsArray(),
            sites => sites.Sum(s => s!["nodes"]!.AsArray().Count) == Cluster.Nodes.Count,
            OpsCluster.Bound,
            "sites show lists the four nodes");

        Assert.Equal(SitesConf.Sites.Select(s => s.Name), doc.Select(s => s!["site"]!.GetValue<string>()));
        foreach (var site in SitesConf.Sites)
        {
            var entry = doc.Single(s => s!["site"]!.GetValue<string>() == site.Name)!;
            Assert.Equal(site.Hospitals.Select(h => h.AeTitle), entry["hospitals"]!.AsArray().Select(h => h!.GetValue<string>()));
            var running = Cluster.Nodes.Where(n => n.Site == site.Name).ToList();
            var nodes = entry["nodes"]!.AsArray();
            Assert.Equal(running.Count, nodes.Count);
            foreach (var node in running)
            {
                var listed = nodes.Single(n => n!["address"]!.GetValue<string>() == node.Address)!;
                Assert.Equal("127.0.0.1", listed["dicom"]!["host"]!.GetValue<string>());
                Assert.Equal(node.DicomPort, listed["dicom"]!["port"]!.GetValue<int>());
                Assert.Equal($"PEAKE_{site.Name.ToUpperInvariant()}", listed["dicom"]!["ae"]!.GetValue<string>());
                Assert.True(listed.AsObject().ContainsKey("dicomweb"));
            }
        }
    }

    [Fact]
    public async Task Sites_show_prints_a_row_per_live_node_a_row_for_each_site_without_one_and_a_count_line()
    {
        var result = await Eventually.Until(
            () => PeakeAsync("sites", "show", "--node", Cluster.Nodes[0].Management()),
            r => r.ExitCode == 0 && r.StandardOutput.Contains("6 sites, 4 live nodes", StringComparison.Ordinal),
            OpsCluster.Bound,
            "sites show counts four live nodes");

        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches("^SITE +DICOM HOST:PORT +CALLED AE +NODE +DICOMWEB +HOSPITAL AE TITLES$", lines[0]);
        foreach (var node in Cluster.Nodes)
        {
            Assert.Single(lines, l => System.Text.RegularExpressions.Regex.IsMatch(
                l, $@"^{node.Site} +127\.0\.0\.1:{node.DicomPort} +PEAKE_{node.Site.ToUpperInvariant()} +{node.Address} +http://127\.0\.0\.1:\d+/dicomweb +\S"));
        }

        Assert.Single(lines, l => l.StartsWith("south ", StringComparison.Ordinal) && l.Contains("(no live node)", StringComparison.Ordinal)
            && l.EndsWith("TRINITY_PACS,GULFONC_PT", StringComparison.Ordinal));
        Assert.Equal($"6 sites, 4 live nodes, {SitesConf.Sites.Sum(s => s.Hospitals.Length)} hospitals (a hospital's calling AE title must be listed at the site it sends to)", lines[^1]);
    }

    [Fact]
    public async Task Replicas_check_json_has_the_contract_counts_and_the_table_says_ok_on_an_empty_archive()
    {
        var json = await Eventually.Until(
            () => PeakeAsync("replicas", "check", "--json", "--node", Cluster.Nodes[2].Management()),
            r => r.ExitCode == 0 && JsonNode.Parse(r.StandardOutput)!["catalogCaughtUp"]!.GetValue<bool>(),
            OpsCluster.Bound,
            "the coordinator has read the catalog");
        var table = await PeakeAsync("replicas", "check", "--node", Cluster.Nodes[0].Management());

        var doc = JsonNode.Parse(json.StandardOutput)!.AsObject();
        foreach (var key in new[] { "instances", "underReplicated", "overReplicated", "corrupt", "repairsInFlight", "orphans" })
        {
            Assert.Equal(0, doc[key]!.GetValue<long>());
        }

        Assert.True(doc.ContainsKey("lastSweepUtc"));
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Matches("^CHECK +VALUE\n", table.StandardOutput);
        Assert.Contains("under-replicated (< 3 live copies)", table.StandardOutput, StringComparison.Ordinal);
        Assert.EndsWith("ok: all 0 instances have at least 3 live copies\n", table.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Study_show_of_a_study_never_stored_is_one_line_404()
    {
        var result = await PeakeAsync("study", "show", "1.2.826.0.1.3680043.9999.1", "--node", Cluster.Nodes[0].Management());

        Failure.AssertOneLine(result, "peake study show: no study 1.2.826.0.1.3680043.9999.1 in the catalog");
        Assert.EndsWith($"(404 from {Cluster.Nodes[0].Management()})\n", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Node_drain_is_404_for_a_stranger_accepted_and_followed_to_the_end_for_a_fourth_node_then_refused_below_three_nodes()
    {
        var stranger = await PeakeAsync("node", "drain", "127.0.0.1:1", "--node", Cluster.Nodes[0].Management());
        Failure.AssertOneLine(stranger, "peake node drain: no member '127.0.0.1:1'");

        var west = Cluster.Nodes.Single(n => n.Site == "west");
        // The coordinator accepts a drain once it has swept the node's inventory (every 2 s here).
        var accepted = await Eventually.Until(
            () => PeakeAsync("node", "drain", west.Address, "--json", "--node", Cluster.Nodes[0].Management()),
            r => r.ExitCode == 0,
            OpsCluster.Bound,
            "the drain of west is accepted");
        var doc = JsonNode.Parse(accepted.StandardOutput)!;
        Assert.Equal(west.Address, doc["address"]!.GetValue<string>());
        Assert.Equal(0, doc["copies"]!.GetValue<long>());

        var waited = await PeakeAsync("node", "drain", $"{west.Ip}:{west.RemotingPort}", "--wait", "--wait-timeout", "60", "--node", Cluster.Nodes[1].Management());
        Assert.True(waited.ExitCode == 0, waited.ToString());
        Assert.EndsWith($"drained {west.Address}: no copies left on it; retire it with: peake cluster leave {west.Address}\n", waited.StandardOutput, StringComparison.Ordinal);

        // West drains: east, southeast and central are the only nodes left to hold three copies.
        var central = Cluster.Nodes.Single(n => n.Site == "central");
        var refused = await PeakeAsync("node", "drain", central.Address, "--node", Cluster.Nodes[0].Management());
        var line = Failure.AssertOneLine(refused, $"peake node drain: node {Cluster.Nodes[0].Management()} answered 409 Conflict: drain of {central.Address} refused: ");
        Assert.Contains("only 2 other live nodes", line, StringComparison.Ordinal);
    }

    private Task<PeerResult> PeakeAsync(params string[] args) =>
        new PeakeCli(Cluster.Folder).RunAsync([.. args, "--token-file", Cluster.TokenFile]);
}
