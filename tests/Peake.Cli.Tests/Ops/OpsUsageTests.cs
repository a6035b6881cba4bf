using Peake.Cli.Tests.Infrastructure;
using Peake.Node.Tests.Cluster;

namespace Peake.Cli.Tests.Ops;

/// <summary>
/// Arguments the ops commands refuse before talking to any node: exit code 2, the reason and the usage, no stack
/// trace. A token and an unreachable node are given, so a command that wrongly went on would fail differently.
/// </summary>
public sealed class OpsUsageTests : IDisposable
{
    private const string Master = "0123456789abcdef0123456789abcdef";
    private readonly TempFolder _folder = new();
    private readonly PeakeCli _peake;
    private readonly string _node = $"127.0.0.1:{FreePort.On("127.0.0.1")}";

    public OpsUsageTests()
    {
        _peake = new PeakeCli(_folder.Path);
        _peake.Environment["PEAKE_MANAGEMENT_TOKEN"] = "test-token";
    }

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("not a master patient id", "patient", "locate", "abc")]
    [InlineData("not a master patient id", "patient", "locate", "0123456789abcdef0123456789abcdeg")]
    [InlineData("not both", "patient", "locate", Master, "--issuer", "X", "--patient-id", "1")]
    [InlineData("needs one master ID", "patient", "locate", Master, Master)]
    [InlineData("non-empty issuer", "patient", "locate", "--patient-id", "1")]
    [InlineData("the sending hospital's AE title", "patient", "unlink", "--issuer", "", "--patient-id", "1")]
    [InlineData("non-empty patient id", "patient", "locate", "--issuer", "X")]
    [InlineData("needs --to MASTER", "patient", "link", "--issuer", "X", "--patient-id", "1")]
    [InlineData("not a master patient id", "patient", "link", "--issuer", "X", "--patient-id", "1", "--to", "123")]
    [InlineData("unexpected argument 'extra'", "patient", "unlink", "--issuer", "X", "--patient-id", "1", "extra")]
    [InlineData("needs SURVIVOR and MERGED", "patient", "merge", Master)]
    [InlineData("the same person", "patient", "merge", Master, "0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("needs the member's ADDRESS", "cluster", "leave")]
    [InlineData("is not a member address", "cluster", "down", "east")]
    [InlineData("takes no arguments", "cluster", "show", "extra")]
    [InlineData("takes at most one TYPE", "shards", "show", "patient", "study")]
    [InlineData("unknown option '--bogus'", "cluster", "show", "--bogus")]
    [InlineData("--timeout needs a positive number", "cluster", "show", "--timeout", "0")]
    [InlineData("takes no arguments", "sites", "show", "east")]
    [InlineData("needs one Study Instance UID", "study", "show")]
    [InlineData("is not a UID", "study", "show", "1.2.03")]
    [InlineData("is not a UID", "study", "show", "../../etc/passwd")]
    [InlineData("takes no arguments", "replicas", "check", "now")]
    [InlineData("needs the ADDRESS of the node to drain", "node", "drain")]
    [InlineData("--wait-timeout needs a positive number", "node", "drain", "127.0.0.1:4053", "--wait", "--wait-timeout", "-3")]
    public async Task Should_refuse_bad_arguments_with_exit_code_2_and_the_usage(string reason, params string[] args)
    {
        var result = await _peake.RunAsync([.. args, "--node", _node]);

        Assert.True(result.ExitCode == 2, result.ToString());
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"peake {args[0]} {args[1]}: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(reason, lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"usage: peake {args[0]} {args[1]} ", lines[1], StringComparison.Ordinal);
        Assert.Equal("", result.StandardOutput);
    }

    [Theory]
    [InlineData("bad")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:70000")]
    [InlineData("http://127.0.0.1:8558")]
    public async Task Should_refuse_a_node_that_is_not_host_and_port(string node)
    {
        var result = await _peake.RunAsync("cluster", "show", "--node", node);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"--node needs HOST:PORT (the node's management HTTP port), not '{node}'", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_every_ops_command_and_the_json_shape_of_cluster_show()
    {
        var result = await _peake.RunAsync("help");

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var words in new[] { "cluster show", "cluster leave", "cluster down", "cluster down-unreachable", "shards show", "patient locate", "patient link", "patient unlink", "patient merge" })
        {
            Assert.Contains($"  peake {words} ", result.StandardOutput, StringComparison.Ordinal);
        }

        Assert.Contains("members: [{address, status, roles, site, reachable}]", result.StandardOutput, StringComparison.Ordinal);
    }
}
