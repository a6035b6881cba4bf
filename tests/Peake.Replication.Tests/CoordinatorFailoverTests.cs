using Peake.Replication.Coordinator;
using Peake.Replication.Tests.Harness;

namespace Peake.Replication.Tests;

[Collection(ClusterTests.Name)]
public sealed class CoordinatorFailoverTests
{
    [Fact]
    public async Task Given_the_coordinators_node_crashes_When_a_new_coordinator_takes_over_Then_it_rebuilds_from_the_journal_and_inventories_and_copies_only_what_is_missing()
    {
        await using var cluster = new ReplicationCluster(ReplicationCluster.Fast());
        var n = await cluster.StartAsync("north", "north", "middle", "south", "middle");
        var lost = await cluster.PlaceAsync([n[0], n[1], n[2]]);
        var kept = await cluster.PlaceAsync([n[1], n[2], n[3]]);
        await cluster.CopiesSettledAsync(lost, 3);
        await cluster.CopiesSettledAsync(kept, 3);

        await cluster.CrashAsync(n[0]); // the oldest node: it hosted the singleton

        await cluster.CopiesSettledAsync(lost, 3);
        var report = await cluster.ReportAsync();
        Assert.True(report.CatalogCaughtUp);
        Assert.Equal(2, report.Instances);
        Assert.Equal(1, report.RepairsCompleted);
        Assert.Equal([n[1].Address, n[2].Address, n[3].Address], cluster.HoldersOnDisk(kept.Hash).Select(h => h.Address));
        await cluster.CopiesSettledAsync(kept, 3);
    }
}
