using System.Text.Json.Nodes;
using Peake.Cli.Tests.Infrastructure;
using Peake.Dicom.Network.Tests.Infrastructure;
using Peake.Node.Tests.Cluster;

namespace Peake.Cli.Tests.Ops;

/// <summary>
/// `peake cluster show` and `peake shards show` against three real nodes, and the one-line answers to what the
/// nodes refuse (401, 404). Commands that change membership: MemberOperationTests.
/// </summary>
[Trait("Category", "Process")]
public sealed class ClusterCommandTests(ThreeSiteCluster fixture) : IClassFixture<ThreeSiteCluster>
{
    private OpsCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Cluster_show_prints_a_table_of_the_three_Up_members_with_their_sites_and_a_count_line()
    {
        var result = await PeakeAsync("cluster", "show", "--node", Cluster.Nodes[0].Management());

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^ADDRESS +STATUS +SITE +REACHABLE +ROLES$", lines[0]);
        foreach (var node in Cluster.Nodes)
        {
            var row = Assert.Single(lines, l => l.StartsWith(node.Address + " ", StringComparison.Ordinal));
            Assert.Matches($@"^{node.Address} +Up +{node.Site} +yes +site-{node.Site}\b", row);
        }

        // Aligned: every row's STATUS column starts where the header's does.
        var statusColumn = lines[0].IndexOf("STATUS", StringComparison.Ordinal);
        Assert.All(lines.Skip(1).Take(3), l => Assert.Equal("Up", l.Substring(statusColumn, 2)));
        Assert.Contains(lines, l => l.StartsWith("3 members (3 Up), 0 unreachable; leader akka.tcp://peake@127.0.0.1:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith(Cluster.Nodes[0].Address + " ", StringComparison.Ordinal) && l.EndsWith("self", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cluster_show_json_prints_the_members_document_with_three_Up_members_on_three_sites()
    {
        var result = await PeakeAsync("cluster", "show", "--json", "--node", Cluster.Nodes[1].Management());

        Assert.True(result.ExitCode == 0, result.ToString());
        var doc = JsonNode.Parse(result.StandardOutput)!;
        Assert.Equal(Cluster.Nodes[1].Address, doc["selfNode"]!.GetValue<string>());
        var members = doc["members"]!.AsArray().Select(m => m!).ToList();
        Assert.Equal(3, members.Count);
        Assert.All(members, m => Assert.Equal("Up", m["status"]!.GetValue<string>()));
        Assert.Equal(
            Cluster.Nodes.Select(n => (n.Address, n.Site)).Order(),
            members.Select(m => (m["address"]!.GetValue<string>(), m["site"]!.GetValue<string>())).Order());
        Assert.All(members, m => Assert.Contains($"site-{m["site"]}", m["roles"]!.AsArray().Select(r => r!.GetValue<string>())));
        Assert.Empty(doc["unreachable"]!.AsArray());
    }

    [Fact]
    public async Task The_nodes_are_tried_in_order_and_the_first_that_answers_is_the_one_reporting()
    {
        var dead = $"127.0.0.1:{FreePort.On("127.0.0.1")}";

        var result = await PeakeAsync("cluster", "show", "--json", "--node", dead, "--node", Cluster.Nodes[2].Management(), "--node", Cluster.Nodes[0].Management());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Cluster.Nodes[2].Address, JsonNode.Parse(result.StandardOutput)!["selfNode"]!.GetValue<string>());
    }

    [Fact]
    public async Task Shards_show_lists_every_sharded_type_with_a_summary_line_each()
    {
        var table = await PeakeAsync("shards", "show", "--node", Cluster.Nodes[0].Management());
        var json = await PeakeAsync("shards", "show", "--json", "--node", Cluster.Nodes[0].Management());

        Assert.True(table.ExitCode == 0, table.ToString());
        var lines = table.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches("^TYPE +SHARD +HOME +SITE +ADDRESS +ENTITIES$", lines[0]);
        foreach (var type in new[] { "identifier", "patient", "study" })
        {
            Assert.Single(lines, l => l.StartsWith($"{type}: ", StringComparison.Ordinal) && l.Contains(" shards, ", StringComparison.Ordinal));
        }

        Assert.True(json.ExitCode == 0, json.ToString());
        var docs = JsonNode.Parse(json.StandardOutput)!.AsArray();
        Assert.Equal(["identifier", "patient", "study"], docs.Select(d => d!["type"]!.GetValue<string>()));
        Assert.All(docs, d => Assert.NotNull(d!["regions"]!.AsArray()));
    }

    [Fact]
    public async Task Shards_show_of_one_type_prints_that_type_only_and_an_unknown_type_is_one_line_404()
    {
        var one = await PeakeAsync("shards", "show", "patient", "--json", "--node", Cluster.Nodes[0].Management());
        var unknown = await PeakeAsync("shards", "show", "nosuchtype", "--node", Cluster.Nodes[0].Management());

        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.Equal("patient", Assert.Single(JsonNode.Parse(one.StandardOutput)!.AsArray())!["type"]!.GetValue<string>());
        Failure.AssertOneLine(unknown, "peake shards show: ");
        Assert.Contains("'nosuchtype'", unknown.StandardError, StringComparison.Ordinal);
        Assert.EndsWith($"(404 from {Cluster.Nodes[0].Management()})\n", unknown.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_token_is_refused_in_one_line_naming_where_the_token_comes_from()
    {
        var wrong = Path.Combine(Cluster.Folder, "wrong-token");
        await File.WriteAllTextAsync(wrong, "not-the-token");

        var result = await new PeakeCli(Cluster.Folder).RunAsync("cluster", "show", "--node", Cluster.Nodes[0].Management(), "--token-file", wrong);

        Failure.AssertOneLine(result, $"peake cluster show: node {Cluster.Nodes[0].Management()} refused the token (401 Unauthorized): check --token-file or PEAKE_MANAGEMENT_TOKEN");
    }

    [Fact]
    public async Task The_token_may_come_from_PEAKE_MANAGEMENT_TOKEN()
    {
        var peake = new PeakeCli(Cluster.Folder);
        peake.Environment["PEAKE_MANAGEMENT_TOKEN"] = await File.ReadAllTextAsync(Cluster.TokenFile);

        var result = await peake.RunAsync("cluster", "show", "--node", Cluster.Nodes[0].Management());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("3 members (3 Up)", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leaving_or_downing_a_member_the_cluster_does_not_know_is_one_line_404()
    {
        const string stranger = "akka.tcp://peake@127.0.0.1:1";

        var leave = await PeakeAsync("cluster", "leave", stranger, "--node", Cluster.Nodes[0].Management());
        var down = await PeakeAsync("cluster", "down", "127.0.0.1:1", "--node", Cluster.Nodes[0].Management());

        Failure.AssertOneLine(leave, "peake cluster leave: no member ");
        Assert.EndsWith($"(404 from {Cluster.Nodes[0].Management()})\n", leave.StandardError, StringComparison.Ordinal);
        Assert.Contains(stranger, leave.StandardError, StringComparison.Ordinal);
        Failure.AssertOneLine(down, "peake cluster down: no member ");
        Assert.Contains("127.0.0.1:1", down.StandardError, StringComparison.Ordinal);
        Assert.Equal(3, (await Cluster.Nodes[0].MembersAsync())!.Members.Count(m => m.Status == "Up"));
    }

    [Fact]
    public async Task Down_unreachable_with_every_member_reachable_downs_nobody()
    {
        var result = await PeakeAsync("cluster", "down-unreachable", "--node", Cluster.Nodes[0].Management());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"no unreachable members (as seen by {Cluster.Nodes[0].Management()})\n", result.StandardOutput);

        var json = await PeakeAsync("cluster", "down-unreachable", "--json", "--node", Cluster.Nodes[0].Management());
        Assert.True(json.ExitCode == 0, json.ToString());
        var doc = JsonNode.Parse(json.StandardOutput)!;
        Assert.Equal(Cluster.Nodes[0].Management(), doc["node"]!.GetValue<string>());
        Assert.Empty(doc["downed"]!.AsArray());
        Assert.Empty(doc["failed"]!.AsArray());
    }

    [Fact]
    public async Task Locating_a_person_the_index_does_not_know_is_one_line_404()
    {
        const string unknown = "00000000000000000000000000000000";

        var byId = await PeakeAsync("patient", "locate", unknown, "--node", Cluster.Nodes[0].Management());
        var byIdentifier = await PeakeAsync("patient", "locate", "--issuer", "NOWHERE", "--patient-id", "404", "--node", Cluster.Nodes[0].Management());

        // The wording is the node's (the coordinator wires the patient routes); the shape is ours.
        Failure.AssertOneLine(byId, "peake patient locate: ");
        Assert.EndsWith($"(404 from {Cluster.Nodes[0].Management()})\n", byId.StandardError, StringComparison.Ordinal);
        Failure.AssertOneLine(byIdentifier, "peake patient locate: ");
        Assert.EndsWith($"(404 from {Cluster.Nodes[0].Management()})\n", byIdentifier.StandardError, StringComparison.Ordinal);
    }

    private Task<PeerResult> PeakeAsync(params string[] args) =>
        new PeakeCli(Cluster.Folder).RunAsync([.. args, "--token-file", Cluster.TokenFile]);
}
