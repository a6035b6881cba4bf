using Akka.Actor;
using Akka.Remote;
using Akka.Remote.Transport;
using Peake.Replication.Tests.Harness;

namespace Peake.Replication.Tests;

[Collection(ClusterTests.Name)]
public sealed class PartitionTests
{
    [Fact]
    public async Task Given_a_node_unreachable_for_less_than_the_grace_When_it_heals_Then_nothing_was_copied()
    {
        // The throttler transport blackholes a node in-process: unreachable after ~7 s, reachable again ~1 s after healing.
        await using var cluster = new ReplicationCluster(
            ReplicationCluster.Fast(grace: TimeSpan.FromSeconds(30)),
            "akka.remote.dot-netty.tcp.applied-adapters = [trttl]");
        var (n, blob) = await cluster.StartWithOneBlobAsync();

        await BlackholeAsync(n[2], n.Where(x => x != n[2]), ThrottleTransportAdapter.Direction.Both, Blackhole.Instance);
        await Eventually.Until(() => Akka.Cluster.Cluster.Get(n[0].System).State.Unreachable.Any(m => m.Address.ToString() == n[2].Address),
            ReplicationCluster.Deadline, "the node unreachable");
        await Eventually.Until(async () => (await cluster.ReportAsync()).UnderReplicated == 1, ReplicationCluster.Deadline, "the copy on the unreachable node not reported live");
        await Task.Delay(TimeSpan.FromSeconds(2)); // several coordinator ticks while the node is unreachable
        await BlackholeAsync(n[2], n.Where(x => x != n[2]), ThrottleTransportAdapter.Direction.Both, Unthrottled.Instance);
        await cluster.SettledAsync();

        await Eventually.Until(async () => (await cluster.ReportAsync()).UnderReplicated == 0, ReplicationCluster.Deadline, "the healed node's copy counts again");
        var report = await cluster.ReportAsync();
        Assert.Equal(0, report.RepairsCompleted);
        Assert.Equal(0, report.RepairsInFlight);
        Assert.Equal([n[0].Address, n[1].Address, n[2].Address], cluster.HoldersOnDisk(blob.Hash).Select(h => h.Address));
    }

    private static async Task BlackholeAsync(ReplicationNode node, IEnumerable<ReplicationNode> peers, ThrottleTransportAdapter.Direction direction, ThrottleMode mode)
    {
        var transport = ((RemoteActorRefProvider)((ExtendedActorSystem)node.System).Provider).Transport;
        foreach (var peer in peers)
            Assert.True(await transport.ManagementCommand(new SetThrottle(Address.Parse(peer.Address), direction, mode)));
    }
}
