using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Peake.Cli.Tests.Infrastructure;
using Peake.Dicom.Network.Tests.Infrastructure;
using Peake.Node.Tests.Cluster;

namespace Peake.Cli.Tests.Ops;

/// <summary>
/// How an ops command finds its node and token (ADR 0021) when nothing answers there: --node, the run file of
/// `make run` (PEAKE_RUN_FILE or artifacts/run/cluster.json here or above), --token-file, PEAKE_MANAGEMENT_TOKEN.
/// Each failure is one line with exit code 1. Against live nodes: ClusterCommandTests.
/// </summary>
public sealed class NodeSelectionTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly PeakeCli _peake;

    public NodeSelectionTests() => _peake = new PeakeCli(_folder.Path);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task With_no_node_and_no_run_file_it_says_how_to_name_one()
    {
        _peake.Environment["PEAKE_MANAGEMENT_TOKEN"] = "test-token";

        var result = await _peake.RunAsync("cluster", "show");

        Failure.AssertOneLine(result, "peake cluster show: no node to talk to: give --node HOST:PORT, or start a cluster with `make run`");
    }

    [Fact]
    public async Task With_a_node_but_no_token_it_says_where_a_token_comes_from()
    {
        var result = await _peake.RunAsync("shards", "show", "--node", $"127.0.0.1:{FreePort.On("127.0.0.1")}");

        Failure.AssertOneLine(result, "peake shards show: no management token: give --token-file F or set PEAKE_MANAGEMENT_TOKEN");
    }

    [Fact]
    public async Task A_token_file_that_does_not_exist_is_named()
    {
        var missing = Path.Combine(_folder.Path, "no-such-token");

        var result = await _peake.RunAsync("cluster", "show", "--node", $"127.0.0.1:{FreePort.On("127.0.0.1")}", "--token-file", missing);

        Failure.AssertOneLine(result, $"peake cluster show: token file {missing} (from --token-file) does not exist");
    }

    [Fact]
    public async Task An_empty_token_file_is_refused()
    {
        var empty = _folder.Write("token", "\n");

        var result = await _peake.RunAsync("cluster", "show", "--node", $"127.0.0.1:{FreePort.On("127.0.0.1")}", "--token-file", empty);

        Failure.AssertOneLine(result, $"peake cluster show: token file {empty} (from --token-file) is empty");
    }

    [Fact]
    public async Task A_node_that_refuses_connections_is_reported_unreachable()
    {
        _peake.Environment["PEAKE_MANAGEMENT_TOKEN"] = "test-token";
        var node = $"127.0.0.1:{FreePort.On("127.0.0.1")}";

        var result = await _peake.RunAsync("cluster", "show", "--node", node);

        Failure.AssertOneLine(result, $"peake cluster show: node {node} is unreachable: connection refused");
    }

    [Fact]
    public async Task A_node_that_accepts_but_never_answers_is_given_up_after_the_timeout()
    {
        _peake.Environment["PEAKE_MANAGEMENT_TOKEN"] = "test-token";
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var node = $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";

        var result = await _peake.RunAsync("cluster", "show", "--node", node, "--timeout", "1");

        Failure.AssertOneLine(result, $"peake cluster show: node {node} is unreachable: no answer within 1 s");
    }

    [Fact]
    public async Task Every_node_given_is_tried_in_order_before_giving_up()
    {
        _peake.Environment["PEAKE_MANAGEMENT_TOKEN"] = "test-token";
        var (first, second) = ($"127.0.0.1:{FreePort.On("127.0.0.1")}", $"127.0.0.1:{FreePort.On("127.0.0.1")}");

        var result = await _peake.RunAsync("cluster", "down-unreachable", "--node", first, "--node", second);

        Failure.AssertOneLine(result, $"peake cluster down-unreachable: no node answered: {first} (connection refused), {second} (connection refused)");
    }

    [Fact]
    public async Task The_run_file_of_make_run_is_found_from_a_folder_below_it_with_its_nodes_and_token()
    {
        var nodes = WriteRunFile(Path.Combine("artifacts", "run"), "token");
        _folder.Write(Path.Combine("artifacts", "run", "token"), "run-token\n");
        var below = Directory.CreateDirectory(Path.Combine(_folder.Path, "src", "deeper")).FullName;

        var result = await new PeakeCli(below).RunAsync("cluster", "show");

        // Reaching the network at all shows the token file, named relative to the run file, was read.
        Failure.AssertOneLine(result, $"peake cluster show: no node answered: {nodes[0]} (connection refused), {nodes[1]} (connection refused)");
        Assert.EndsWith($"; these nodes come from {Path.Combine(_folder.Path, "artifacts", "run", "cluster.json")}: is `make run` still running?\n", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PEAKE_RUN_FILE_names_the_run_file_and_a_missing_one_is_an_error()
    {
        var nodes = WriteRunFile("elsewhere", "token");
        _folder.Write(Path.Combine("elsewhere", "token"), "run-token");
        _peake.Environment["PEAKE_RUN_FILE"] = Path.Combine(_folder.Path, "elsewhere", "cluster.json");

        var found = await _peake.RunAsync("shards", "show");

        Failure.AssertOneLine(found, $"peake shards show: no node answered: {nodes[0]} (connection refused), {nodes[1]} (connection refused)");

        var missing = Path.Combine(_folder.Path, "nowhere.json");
        _peake.Environment["PEAKE_RUN_FILE"] = missing;
        var notFound = await _peake.RunAsync("shards", "show");

        Failure.AssertOneLine(notFound, $"peake shards show: PEAKE_RUN_FILE names {missing}, which does not exist");
    }

    [Fact]
    public async Task A_token_from_the_environment_is_used_with_the_run_files_nodes_when_its_token_file_is_gone()
    {
        var nodes = WriteRunFile(Path.Combine("artifacts", "run"), "token-that-is-gone");
        _peake.Environment["PEAKE_MANAGEMENT_TOKEN"] = "env-token";

        var result = await _peake.RunAsync("cluster", "show");

        Failure.AssertOneLine(result, $"peake cluster show: no node answered: {nodes[0]} (connection refused)");
    }

    private string[] WriteRunFile(string folder, string tokenFile)
    {
        string[] nodes = [$"127.0.0.1:{FreePort.On("127.0.0.1")}", $"127.0.0.1:{FreePort.On("127.0.0.1")}"];
        var doc = new JsonObject
        {
            ["tokenFile"] = tokenFile,
            ["nodes"] = new JsonArray([.. nodes.Select(n => new JsonObject { ["site"] = "east", ["http"] = n })]),
        };
        _folder.Write(Path.Combine(folder, "cluster.json"), doc.ToJsonString());
        return nodes;
    }
}
