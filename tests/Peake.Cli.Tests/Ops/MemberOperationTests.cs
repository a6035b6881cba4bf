using System.Text.Json.Nodes;
using Peake.Cli.Tests.Infrastructure;

namespace Peake.Cli.Tests.Ops;

/// <summary>
/// `peake cluster leave`, `cluster down` and `cluster down-unreachable` against real nodes, one after another on one
/// four-node cluster: a graceful leave, then two crashes (SIGKILL) taken out by hand. The split brain resolver is
/// slowed (TestCluster.TestHocon), so each member goes because of the command, not the resolver.
/// </summary>
public sealed class MemberOperationTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Leave_down_and_down_unreachable_take_members_out_of_the_cluster()
    {
        await using var cluster = await TestCluster.StartAsync("east", "southeast", "central", "south");
        var (a, b, c, d) = (cluster.Nodes[0], cluster.Nodes[1], cluster.Nodes[2], cluster.Nodes[3]);
        var peake = new PeakeCli(cluster.Folder);
        Task<CliResult> PeakeAsync(params string[] args) => peake.RunAsync([.. args, "--node", a.Http, "--token-file", cluster.TokenFile]);

        // A graceful leave: the member goes and its process ends on its own.
        var leave = await PeakeAsync("cluster", "leave", d.Address);
        Assert.True(leave.ExitCode == 0, leave.ToString());
        Assert.Contains(d.Address, leave.StandardOutput, StringComparison.Ordinal);
        await WaitUntilGoneAsync(cluster, a, d);
        Assert.True(await d.WaitForExitAsync(Bound), $"{d.Site} did not exit after leaving\n{cluster.Diagnostics()}");

        // A crash: seen unreachable, then downed by its host:port.
        c.Kill();
        var seen = await Eventually.ReturnsAsync(
            () => PeakeAsync("cluster", "show"),
            r => r.StandardOutput.Contains($"unreachable: {c.Address} (observed by ", StringComparison.Ordinal),
            Bound,
            $"{c.Site} shown unreachable");
        Assert.Matches($@"(?m)^{c.Address} +Up +{c.Site} +no ", seen.StandardOutput);
        Assert.Contains("3 members (3 Up), 1 unreachable", seen.StandardOutput, StringComparison.Ordinal);
        var down = await PeakeAsync("cluster", "down", $"127.0.0.1:{c.RemotingPort}");
        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.Contains(c.Address, down.StandardOutput, StringComparison.Ordinal);
        await WaitUntilGoneAsync(cluster, a, c);

        // Another crash: down-unreachable finds it and downs it, and only it.
        b.Kill();
        await Eventually.ReturnsAsync(
            () => cluster.MembersAsync(a),
            m => m.Any(x => x.Address == b.Address && !x.Reachable),
            Bound,
            $"{b.Site} unreachable");
        var downUnreachable = await PeakeAsync("cluster", "down-unreachable");
        Assert.True(downUnreachable.ExitCode == 0, downUnreachable.ToString());
        var lines = downUnreachable.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"downed {b.Address}: ", lines[0], StringComparison.Ordinal);
        Assert.Equal($"downed 1 of 1 unreachable members (as seen by {a.Http})", lines[1]);
        await WaitUntilGoneAsync(cluster, a, b);

        var last = await PeakeAsync("cluster", "show", "--json");
        Assert.True(last.ExitCode == 0, last.ToString());
        var members = JsonNode.Parse(last.StandardOutput)!["members"]!.AsArray();
        Assert.Equal(a.Address, Assert.Single(members)!["address"]!.GetValue<string>());
        Assert.False(a.HasExited);
    }

    private static Task WaitUntilGoneAsync(TestCluster cluster, NodeProcess observer, NodeProcess gone) =>
        Eventually.ReturnsAsync(
            () => cluster.MembersAsync(observer),
            members => members.Count > 0 && members.All(m => m.Address != gone.Address),
            Bound,
            $"{gone.Site} removed from {observer.Site}'s view");
}
