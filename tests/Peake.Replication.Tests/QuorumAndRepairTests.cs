using Peake.Replication.Coordinator;
using Peake.Replication.Quorum;
using Peake.Replication.Tests.Harness;

namespace Peake.Replication.Tests;

[Collection(ClusterTests.Name)]
public sealed class QuorumAndRepairTests
{
    [Fact]
    public async Task Given_a_blob_durable_on_one_node_When_the_quorum_write_runs_Then_two_nodes_on_two_sites_hold_it_and_the_coordinator_adds_the_third()
    {
        await using var cluster = new ReplicationCluster(ReplicationCluster.Fast());
        var nodes = await cluster.StartAsync("north", "north", "middle", "middle", "south");
        var writer = nodes[2];
        var blob = await writer.Store.WriteAsync(new MemoryStream(ReplicationCluster.RandomBytes(300_000)));

        var result = await writer.Handles.QuorumWriter.ReplicateAsync(blob, "north", 2, TimeSpan.FromSeconds(20), CancellationToken.None);

        Assert.Equal(2, result.Holders.Count);
        Assert.Equal(writer.Address, result.Holders[0].Address);
        Assert.Equal("north", result.Holders[1].Site); // the home site comes first
        Assert.All(result.Holders, h => Assert.True(cluster.Live.Single(n => n.Address == h.Address).Holds(blob.Hash)));

        await cluster.CatalogueAsync(blob, "north");
        await cluster.CopiesSettledAsync(blob, 3);
        var copies = await cluster.CopiesAsync(blob.Hash);
        Assert.True(copies.Select(c => c.Site).Distinct().Count() >= 2);
        Assert.Contains(copies, c => c.Site == "north");
        foreach (var holder in cluster.HoldersOnDisk(blob.Hash))
            Assert.True(await holder.Store.VerifyAsync(blob.Hash));
        var report = await cluster.ReportAsync();
        Assert.Equal(1, report.Instances);
        Assert.Equal(0, report.UnderReplicated);
        Assert.Equal(0, report.OverReplicated);
        Assert.True(report.CatalogCaughtUp);
    }

    [Fact]
    public async Task Given_no_other_node_When_a_quorum_of_two_is_asked_Then_it_throws_quorum_not_reached()
    {
        await using var cluster = new ReplicationCluster(ReplicationCluster.Fast());
        var nodes = await cluster.StartAsync("north");
        var blob = await nodes[0].Store.WriteAsync(new MemoryStream(ReplicationCluster.RandomBytes(1000)));

        var e = await Assert.ThrowsAsync<QuorumNotReachedException>(() =>
            nodes[0].Handles.QuorumWriter.ReplicateAsync(blob, "north", 2, TimeSpan.FromSeconds(3), CancellationToken.None));

        Assert.Equal([nodes[0].Address], e.Holders);
    }
}
