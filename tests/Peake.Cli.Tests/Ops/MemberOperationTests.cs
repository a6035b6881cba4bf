using System.Text.Json.Nodes;
using Peake.Cli.Tests.Infrastructure;
using Peake.Dicom.Network.Tests.Infrastructure;
using Peake.Node.Tests.Cluster;

namespace Peake.Cli.Tests.Ops;

/// <summary>
/// `peake cluster leave`, `cluster down` and `cluster down-unreachable` against real nodes, one after another on one
/// four-node cluster: a graceful leave, then two crashes (SIGKILL) taken out by hand. The split brain resolver is
/// slowed (OpsCluster), so each member goes because of the command, not the resolver.
/// </summary>
[Trait("Category", "Process")]
public sealed class MemberOperationTests
{
    [Fact]
    public async Task Leave_down_and_down_unreachable_take_members_out_of_the_cluster()
    {
        using var cluster = await OpsCluster.StartAsync("east", "southeast", "central", "south");
        var (a, b, c, d) = (cluster.Nodes[0], cluster.Nodes[1], cluster.Nodes[2], cluster.Nodes[3]);
        var peake = new PeakeCli(cluster.Folder);
        Task<PeerResult> PeakeAsync(params string[] args) => peake.RunAsync([.. args, "--node", a.Management(), "--token-file", cluster.TokenFile]);

        // A graceful leave: the member goes and its process ends on its own.
        var leave = await PeakeAsync("cluster", "leave", d.Address);
        Assert.True(leave.ExitCode == 0, leave.ToString());
        Assert.Contains(d.Address, leave.StandardOutput, StringComparison.Ordinal);
        await cluster.WaitUntilGoneAsync(a, d);
        Assert.Equal(0, await d.WaitForExitAsync(OpsCluster.Bound));

        // A crash: shown unreachable with its observers, then downed by its host:port.
        c.KillHard();
        await cluster.WaitUntilUnreachableAsync(a, c);
        var seen = await PeakeAsync("cluster", "show");
        Assert.True(seen.ExitCode == 0, seen.ToString());
        Assert.Matches($@"(?m)^{c.Address} +Up +{c.Site} +no ", seen.StandardOutput);
        Assert.Contains($"unreachable: {c.Address} (observed by ", seen.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("3 members (3 Up), 1 unreachable", seen.StandardOutput, StringComparison.Ordinal);
        var down = await PeakeAsync("cluster", "down", $"{c.Ip}:{c.RemotingPort}");
        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.Contains(c.Address, down.StandardOutput, StringComparison.Ordinal);
        await cluster.WaitUntilGoneAsync(a, c);

        // Another crash: down-unreachable finds it and downs it, and only it.
        b.KillHard();
        await cluster.WaitUntilUnreachableAsync(a, b);
        var downUnreachable = await PeakeAsync("cluster", "down-unreachable");
        Assert.True(downUnreachable.ExitCode == 0, downUnreachable.ToString());
        var lines = downUnreachable.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"downed {b.Address}: ", lines[0], StringComparison.Ordinal);
        Assert.Equal($"downed 1 of 1 unreachable members (as seen by {a.Management()})", lines[1]);
        await cluster.WaitUntilGoneAsync(a, b);

        var last = await PeakeAsync("cluster", "show", "--json");
        Assert.True(last.ExitCode == 0, last.ToString());
        var members = JsonNode.Parse(last.StandardOutput)!["members"]!.AsArray();
        Assert.Equal(a.Address, Assert.Single(members)!["address"]!.GetValue<string>());
        Assert.False(a.HasExited);
    }
}
