using System.Net;
using System.Net.Http.Json;
using Peake.Management.Contracts;
using Xunit.Abstractions;

namespace Peake.Node.Tests.Cluster;

/// <summary>Members leaving, stopping and crashing: what the survivors see, and how the process ends.</summary>
[Trait("Category", "Process")]
public sealed class NodeLifecycleTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestCluster _cluster = new(output);

    public void Dispose() => _cluster.Dispose();

    private async Task<(NodeProcess A, NodeProcess B, NodeProcess C)> ThreeSites()
    {
        var nodes = _cluster.Start("east", "central", "west");
        await _cluster.AllSeeUp(nodes, nodes);
        return (nodes[0], nodes[1], nodes[2]);
    }

    [Fact]
    public async Task Given_three_nodes_When_one_is_told_to_Leave_through_another_Then_it_is_removed_and_its_process_exits_0()
    {
        var (a, b, c) = await ThreeSites();

        using var response = await NodeClusterTests.Put(a, c.Address, """{"operation":"Leave"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _cluster.AllSeeUp([a, b], [a, b]);
        Assert.Equal(0, await c.WaitForExitAsync(TestCluster.Bound));
    }

    [Fact]
    public async Task Given_three_nodes_When_one_is_Downed_through_another_Then_it_is_removed_and_its_process_exits_0()
    {
        var (a, b, c) = await ThreeSites();

        // host:port is accepted as well as the full address.
        using var response = await NodeClusterTests.Put(b, $"{c.Ip}:{c.RemotingPort}", """{"operation":"Down"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(c.Address, (await response.Content.ReadFromJsonAsync<MessageResponse>())!.Message, StringComparison.Ordinal);
        await _cluster.AllSeeUp([a, b], [a, b]);
        // run-coordinated-shutdown-when-down: the downed node shuts itself down rather than live on outside the cluster.
        Assert.Equal(0, await c.WaitForExitAsync(TestCluster.Bound));
    }

    [Theory]
    [InlineData(Signals.SigTerm)]
    [InlineData(Signals.SigInt)]
    public async Task Given_three_nodes_When_one_gets_SIGTERM_or_Ctrl_C_Then_it_leaves_gracefully_and_exits_0(int signal)
    {
        var (a, b, c) = await ThreeSites();
        // A graceful leave is Leaving -> Exiting -> removed. A crash would instead show c unreachable for at least
        // stable-after (5 s here) before the resolver downs it: polling every 250 ms cannot miss that.
        using var stopWatching = new CancellationTokenSource();
        var everUnreachable = WatchUnreachable(a, c, stopWatching.Token);

        c.Signal(signal);

        Assert.Equal(0, await c.WaitForExitAsync(TestCluster.Bound));
        await _cluster.AllSeeUp([a, b], [a, b]);
        await stopWatching.CancelAsync();
        Assert.False(await everUnreachable, $"{c.Address} was seen unreachable: it crashed instead of leaving");
        foreach (var node in new[] { a, b })
            Assert.Equal(200, (await node.ReadyAsync()).Status);
    }

    [Fact]
    public async Task Given_three_nodes_When_one_is_killed_hard_Then_it_becomes_unreachable_is_downed_by_the_resolver_and_the_rest_stay_ready()
    {
        var (a, b, c) = await ThreeSites();

        c.KillHard();

        // Both survivors monitor c (monitored-by-nr-of-members = 9), and a learns b's observation by gossip: seeing
        // b among the observers in a's answer shows the gossiped records are read, not only a's own detector.
        string[] survivors = [a.Address, b.Address];
        var seen = await Eventually.Until(
            a.MembersAsync,
            m => m is not null && m.Unreachable.Any(u => u.Address == c.Address && u.ObservedBy.Order().SequenceEqual(survivors.Order())),
            TestCluster.Bound, $"{c.Address} unreachable, observed by {a.Address} and {b.Address}");
        Assert.Single(seen!.Unreachable);
        Assert.False(Assert.Single(seen.Members, m => m.Address == c.Address).Reachable);

        // keep-majority: {a, b} is 2 of 3, so the resolver downs c and the leader removes it.
        await _cluster.AllSeeUp([a, b], [a, b]);
        foreach (var node in new[] { a, b })
        {
            var (status, ready) = await node.ReadyAsync();
            Assert.Equal(200, status);
            Assert.True(ready!.Ready);
        }
    }

    private static async Task<bool> WatchUnreachable(NodeProcess observer, NodeProcess subject, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var members = await observer.MembersAsync();
                if (members is not null && members.Unreachable.Any(u => u.Address == subject.Address))
                    return true;
                await Task.Delay(250, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (HttpRequestException)
            {
                // The observer is busy; try again.
            }
        }
        return false;
    }
}
