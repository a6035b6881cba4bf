using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Peake.Management.Contracts;
using Xunit.Abstractions;

namespace Peake.Node.Tests.Cluster;

/// <summary>Three real peake-node processes, one per site, joined on loopback; read-only management routes.</summary>
[Trait("Category", "Process")]
public sealed class NodeClusterTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestCluster _cluster = new(output);

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public async Task Given_three_nodes_of_three_sites_When_they_join_Then_every_node_lists_three_Up_members_with_their_sites_and_is_ready()
    {
        var nodes = _cluster.Start("east", "central", "west");

        await _cluster.AllSeeUp(nodes, nodes);

        foreach (var node in nodes)
        {
            var members = await node.MembersAsync();
            Assert.NotNull(members);
            Assert.Equal(node.Address, members.SelfNode);
            Assert.Contains(members.Leader, nodes.Select(n => n.Address));
            Assert.Contains(members.Oldest, nodes.Select(n => n.Address));
            Assert.Empty(members.Unreachable);
            foreach (var other in nodes)
            {
                var member = Assert.Single(members.Members, m => m.Address == other.Address);
                Assert.Equal(other.Site, member.Site);
                Assert.Equal(["site-" + other.Site], member.Roles);
            }
            var (status, ready) = await Eventually.Until(node.ReadyAsync, r => r.Status == 200, TestCluster.Bound, $"{node.Address} ready");
            Assert.True(ready!.Ready);
            Assert.Equal(["dicom", "journal", "member", "query-projection", "replication", "sharding"], ready.Checks.Keys.Order(StringComparer.Ordinal));
            Assert.All(ready.Checks.Values, v => Assert.Equal("ok", v));
            Assert.Equal(200, status);
        }
    }

    [Fact]
    public async Task Given_a_running_node_When_routes_are_called_Then_the_contract_holds_for_tokens_json_names_and_errors()
    {
        var node = _cluster.Start("east").Single();
        await _cluster.AllSeeUp([node], [node]);

        using (var anonymous = new HttpClient { BaseAddress = node.Http.BaseAddress })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/alive")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/no/such/route")).StatusCode);
            anonymous.DefaultRequestHeaders.Authorization = new("Bearer", _cluster.Token + "x");
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/cluster/members")).StatusCode);
            anonymous.DefaultRequestHeaders.Authorization = new("Basic", _cluster.Token);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/ready")).StatusCode);
        }

        Assert.Equal(new AliveResponse(true), await node.Http.GetFromJsonAsync<AliveResponse>("/alive"));

        // The JSON names are what the CLI and scripts read: pin them literally.
        using var members = JsonDocument.Parse(await node.Http.GetStringAsync("/cluster/members"));
        var root = members.RootElement;
        Assert.Equal(node.Address, root.GetProperty("selfNode").GetString());
        var member = root.GetProperty("members")[0];
        Assert.Equal(["address", "status", "roles", "site", "reachable"], member.EnumerateObject().Select(p => p.Name));
        Assert.Equal("east", member.GetProperty("site").GetString());
        Assert.Equal(JsonValueKind.Array, root.GetProperty("unreachable").ValueKind);

        var shards = await Eventually.Until(
            () => node.Http.GetFromJsonAsync<ShardsResponse>("/cluster/shards/patient"),
            s => s is { Regions.Count: 1 }, TestCluster.Bound, "the patient region is listed");
        Assert.Equal("patient", shards!.Type);
        Assert.Equal(node.Address, shards.Regions[0].Address);
        Assert.Equal("east", shards.Regions[0].Site);

        await AssertError(HttpStatusCode.NotFound, node.Http.GetAsync("/cluster/shards/unicorn"), "unicorn");
        await AssertError(HttpStatusCode.NotFound, node.Http.GetAsync("/no/such/route"), "no such route");
        await AssertError(HttpStatusCode.NotFound, node.Http.GetAsync("/entities/patient/P1?site=east"), "not running");
        await AssertError(HttpStatusCode.BadRequest, node.Http.GetAsync("/entities/patient/P1"), "?site=");
        await AssertError(HttpStatusCode.BadRequest, node.Http.GetAsync("/entities/patient/P1?site=atlantis"), "atlantis");
        await AssertError(HttpStatusCode.BadRequest, Put(node, node.Address, """{"operation":"Jump"}"""), "operation");
        await AssertError(HttpStatusCode.BadRequest, Put(node, node.Address, "not json"), "operation");
        await AssertError(HttpStatusCode.NotFound, Put(node, "akka.tcp://peake@10.9.9.9:1", """{"operation":"Down"}"""), "no member");

        // Still serving after all of that, and the token never reached the log.
        Assert.Equal(200, (await node.ReadyAsync()).Status);
        Assert.DoesNotContain(_cluster.Token, node.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_node_whose_seed_is_down_When_asked_if_ready_Then_503_naming_the_member_check_while_alive_is_200()
    {
        var node = _cluster.StartSeededBy("east", $"akka.tcp://peake@127.0.0.1:{FreePort.On("127.0.0.1")}");

        await Eventually.Until(() => node.Http.GetAsync("/alive"), r => r.IsSuccessStatusCode, TestCluster.Bound, "management up");
        var (status, ready) = await node.ReadyAsync();

        Assert.Equal(503, status);
        Assert.False(ready!.Ready);
        Assert.NotEqual("ok", ready.Checks["member"]);
        Assert.StartsWith("member:", ready.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_journal_database_that_cannot_be_opened_When_asked_if_ready_Then_503_naming_the_journal_check()
    {
        // A regular file where the database's folder should be: SQLite cannot create the file, as with a full or
        // unmounted disk.
        var notAFolder = _cluster.PathOf("not-a-folder");
        await File.WriteAllTextAsync(notAFolder, "");
        var node = _cluster.StartAlone("east", "--db-connection", $"Data Source={Path.Combine(notAFolder, "peake.db")}");
        await _cluster.AllSeeUp([node], [node]);

        var (status, ready) = await Eventually.Until(node.ReadyAsync, r => r.Body?.Checks.ContainsKey("journal") == true,
            TestCluster.Bound, "a ready answer with the journal check");

        Assert.Equal(503, status);
        Assert.Equal("ok", ready!.Checks["member"]);
        // A journal that cannot initialise crashes before answering: the check reports the silence.
        Assert.NotEqual("ok", ready.Checks["journal"]);
        Assert.StartsWith("journal:", ready.Reason, StringComparison.Ordinal);
    }

    internal static Task<HttpResponseMessage> Put(NodeProcess via, string address, string body) =>
        via.Http.PutAsync($"/cluster/members/{Uri.EscapeDataString(address)}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

    private static async Task AssertError(HttpStatusCode expected, Task<HttpResponseMessage> call, string mentions)
    {
        using var response = await call;
        Assert.Equal(expected, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<ErrorResponse>();
        Assert.Contains(mentions, error!.Error, StringComparison.Ordinal);
    }
}
