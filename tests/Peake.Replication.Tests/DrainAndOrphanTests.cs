using Akka.Actor;
using Peake.Replication.Coordinator;
using Peake.Replication.Quorum;
using Peake.Replication.Tests.Harness;
using Peake.Storage;

namespace Peake.Replication.Tests;

[Collection(ClusterTests.Name)]
public sealed class DrainAndOrphanTests
{
    [Fact]
    public async Task Given_a_node_is_drained_Then_its_copies_move_elsewhere_and_every_blob_keeps_three_copies_throughout()
    {
        await using var cluster = new ReplicationCluster(ReplicationCluster.Fast() with { RepairsPerSecond = 10, RepairConcurrency = 2 });
        var n = await cluster.StartAsync("north", "north", "middle", "south");
        var blobs = new List<BlobInfo>();
        for (var i = 0; i < 6; i++)
            blobs.Add(await cluster.PlaceAsync([n[0], n[1], n[2]]));
        foreach (var blob in blobs)
            await cluster.CopiesSettledAsync(blob, 3);
        var proxy = n[0].Handles.CoordinatorProxy;

        var accepted = await proxy.Ask<object>(new DrainNode(n[1].Address), TimeSpan.FromSeconds(5));
        Assert.Equal(new DrainAccepted(n[1].Address, 6), accepted);
        var refused = await proxy.Ask<object>(new DrainNode(n[2].Address), TimeSpan.FromSeconds(5));
        Assert.IsType<DrainRefused>(refused); // two other nodes cannot hold three copies

        var fewestOnDisk = int.MaxValue;
        var fewestReported = int.MaxValue;
        await Eventually.Until(async () =>
        {
            foreach (var blob in blobs)
            {
                fewestOnDisk = Math.Min(fewestOnDisk, cluster.HoldersOnDisk(blob.Hash).Count);
                fewestReported = Math.Min(fewestReported, (await cluster.CopiesAsync(blob.Hash)).Length);
            }
            return (await proxy.Ask<DrainProgress>(new GetDrain(n[1].Address), TimeSpan.FromSeconds(5))).Done;
        }, ReplicationCluster.Deadline, "the drain done");

        Assert.True(fewestOnDisk >= 3, $"never below three copies on disk during the drain (fewest: {fewestOnDisk})");
        Assert.True(fewestReported >= 3, $"never below three live copies reported during the drain (fewest: {fewestReported})");
        Assert.All(blobs, b => Assert.False(n[1].Holds(b.Hash)));
        foreach (var blob in blobs)
            await cluster.CopiesSettledAsync(blob, 3);
        Assert.Equal(new DrainProgress(n[1].Address, 0, true), await proxy.Ask<DrainProgress>(new GetDrain(n[1].Address), TimeSpan.FromSeconds(5)));

        // A draining node takes no new copies: a quorum write from its site partner goes elsewhere.
        await Eventually.Until(() => n[0].Handles.Directory.Find(n[1].Address)?.Draining == true, ReplicationCluster.Deadline, "the directory knows the node drains");
        var fresh = await n[0].Store.WriteAsync(new MemoryStream(ReplicationCluster.RandomBytes(5000)));
        var result = await n[0].Handles.QuorumWriter.ReplicateAsync(fresh, "north", 3, TimeSpan.FromSeconds(20), CancellationToken.None);
        Assert.DoesNotContain(result.Holders, h => h.Address == n[1].Address);
    }

    [Fact]
    public async Task Given_a_blob_no_catalog_entry_names_Then_it_is_never_counted_nor_copied_and_is_deleted_after_the_orphan_grace()
    {
        await using var cluster = new ReplicationCluster(ReplicationCluster.Fast() with { OrphanGrace = TimeSpan.FromSeconds(4) });
        var n = await cluster.StartAsync("north", "middle", "south", "south");
        var catalogued = await cluster.PlaceAsync([n[0]]);
        var orphan = await n[1].Store.WriteAsync(new MemoryStream(ReplicationCluster.RandomBytes(7000)));

        // The catalogued blob counts as an instance once the live catalog query has read its event; the orphan never does.
        await Eventually.Until(async () => await cluster.ReportAsync() is { Orphans: 1, Instances: 1 }, ReplicationCluster.Deadline, "the orphan seen by the sweep");
        Assert.Empty(await cluster.CopiesAsync(orphan.Hash));
        await cluster.CopiesSettledAsync(catalogued, 3);
        Assert.Equal([n[1].Address], cluster.HoldersOnDisk(orphan.Hash).Select(h => h.Address));

        await Eventually.Until(() => !n[1].Holds(orphan.Hash), ReplicationCluster.Deadline, "the orphan deleted after the orphan grace");
        await Eventually.Until(async () => (await cluster.ReportAsync()).Orphans == 0, ReplicationCluster.Deadline, "no orphan reported");
        Assert.Empty(cluster.HoldersOnDisk(orphan.Hash));
        Assert.Equal(3, cluster.HoldersOnDisk(catalogued.Hash).Count);
    }
}
