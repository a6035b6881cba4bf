using System.Diagnostics;
using Akka.Actor;
using Peake.Replication.Coordinator;
using Peake.Replication.Nodes;
using Peake.Replication.Quorum;
using Peake.Replication.Replicas;
using Peake.Replication.Tests.Harness;
using Peake.Storage;

namespace Peake.Replication.Tests;

/// <summary>Regression tests for review 5's findings on replication (each fails without its fix).</summary>
[Collection(ClusterTests.Name)]
public sealed class ReviewFindingTests
{
    // #1: an orphan's clock restarts when an ingest reuses it, so a retry whose catalog event lags is never deleted.
    [Fact]
    public async Task Given_an_old_orphan_When_an_ingest_retries_it_before_its_catalog_event_arrives_Then_no_copy_is_deleted()
    {
        var grace = TimeSpan.FromSeconds(8);
        await using var cluster = new ReplicationCluster(ReplicationCluster.Fast() with { OrphanGrace = grace });
        var n = await cluster.StartAsync("north", "middle", "south");
        var blob = await n[0].Store.WriteAsync(new MemoryStream(ReplicationCluster.RandomBytes(9000)));
        await Eventually.Until(async () => (await cluster.ReportAsync()).Orphans == 1, ReplicationCluster.Deadline, "the orphan seen by a sweep");
        var seen = Stopwatch.StartNew();

        // The failed ingest's modality retries shortly before the orphan grace ends.
        await Task.Delay(grace - TimeSpan.FromSeconds(3));
        var result = await n[0].Handles.QuorumWriter.ReplicateAsync(blob, "north", 2, TimeSpan.FromSeconds(20), CancellationToken.None);
        Assert.Equal(2, result.Holders.Count);

        // Its catalog event arrives late (feed lag after an outage): well after the old orphan clock ran out.
        var fewest = int.MaxValue;
        while (seen.Elapsed < grace + TimeSpan.FromSeconds(4))
        {
            fewest = Math.Min(fewest, cluster.HoldersOnDisk(blob.Hash).Count);
            await Task.Delay(100);
        }
        await cluster.CatalogueAsync(blob, "north");
        Assert.True(fewest >= 2, $"the acknowledged copies were never deleted (fewest on disk: {fewest})");
        await cluster.CopiesSettledAsync(blob, 3);
    }

    // #1: the replica refuses an orphan delete for a copy written (or touched by a reuse) after the claim.
    [Fact]
    public async Task Given_a_delete_orphan_older_than_the_copy_Then_the_replica_keeps_it_and_deletes_only_an_older_copy()
    {
        await using var cluster = new ReplicationCluster(ReplicationCluster.Fast() with { OrphanGrace = TimeSpan.FromHours(1) });
        var n = await cluster.StartAsync("north");
        var blob = await n[0].Store.WriteAsync(new MemoryStream(ReplicationCluster.RandomBytes(3000)));

        n[0].Handles.Replica.Tell(new DeleteOrphan(blob.Hash, DateTime.UtcNow - TimeSpan.FromMinutes(5)));
        await Task.Delay(500);
        Assert.True(n[0].Holds(blob.Hash), "a copy newer than the orphan claim is kept");

        var deleted = await n[0].Handles.Replica.Ask<BlobDeleted>(new DeleteOrphan(blob.Hash, DateTime.UtcNow + TimeSpan.FromMinutes(5)), TimeSpan.FromSeconds(5));
        Assert.Equal(blob.Hash, deleted.Hash);
        Assert.False(n[0].Holds(blob.Hash));
    }

    // #2: the live feed skipping an event (a PostgreSQL ordering gap) does not make an acknowledged blob an orphan.
    [Fact]
    public async Task Given_the_live_feed_skips_a_catalog_event_Then_the_blob_is_not_deleted_and_the_recheck_catalogues_it()
    {
        string? skipped = null;
        var settings = ReplicationCluster.Fast() with { OrphanGrace = TimeSpan.FromSeconds(2), DropFromLiveFeed = h => h == skipped };
        await using var cluster = new ReplicationCluster(settings);
        var n = await cluster.StartAsync("north", "middle", "south");
        await Eventually.Until(async () => (await cluster.ReportAsync()).CatalogCaughtUp, ReplicationCluster.Deadline, "the catalog caught up");
        var bytes = ReplicationCluster.RandomBytes(8000);
        var blob = await n[0].Store.WriteAsync(new MemoryStream(bytes));
        skipped = blob.Hash;
        await n[1].Store.WriteAsync(new MemoryStream(bytes));
        await cluster.CatalogueAsync(blob, "north");

        var fewest = int.MaxValue;
        await Eventually.Until(async () =>
        {
            fewest = Math.Min(fewest, cluster.HoldersOnDisk(blob.Hash).Count);
            return (await cluster.ReportAsync()).Instances == 1;
        }, ReplicationCluster.Deadline, "the skipped blob catalogued by the re-check before any orphan deletion");
        await cluster.CopiesSettledAsync(blob, 3);
        Assert.True(fewest >= 2, $"no copy deleted (fewest on disk: {fewest})");
    }

    // #3: a fetch task that throws still answers and frees its slot.
    [Fact]
    public async Task Given_a_fetch_that_throws_Then_it_is_answered_and_the_next_fetch_still_runs()
    {
        await using var cluster = new ReplicationCluster(ReplicationCluster.Fast() with { FetchConcurrency = 1 });
        var n = await cluster.StartAsync("north", "south");
        var blob = await n[1].Store.WriteAsync(new MemoryStream(ReplicationCluster.RandomBytes(5000)));

        var broken = await n[0].Handles.Replica.Ask<object>(new FetchBlob(blob.Hash, blob.Size, null!), TimeSpan.FromSeconds(10));
        Assert.IsType<BlobFetchFailed>(broken);
        var next = await n[0].Handles.Replica.Ask<object>(new FetchBlob(blob.Hash, blob.Size, [n[1].Address]), TimeSpan.FromSeconds(10));
        Assert.IsType<BlobFetched>(next);
        Assert.True(n[0].Holds(blob.Hash));
    }

    // #8: an urgent (quorum) fetch does not queue behind repairs.
    [Fact]
    public async Task Given_every_repair_slot_busy_When_an_urgent_fetch_arrives_Then_it_runs_at_once()
    {
        await using var cluster = new ReplicationCluster(ReplicationCluster.Fast() with { FetchConcurrency = 2 });
        var n = await cluster.StartAsync("north", "south");
        var blob = await n[1].Store.WriteAsync(new MemoryStream(ReplicationCluster.RandomBytes(5000)));
        // Repairs from a source nobody answers for: each holds its slot for a few seconds.
        var stalled = Enumerable.Range(0, 3)
            .Select(_ => n[0].Handles.Replica.Ask<object>(
                new FetchBlob(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(ReplicationCluster.RandomBytes(16))), 10,
                    ["akka.tcp://peake@127.0.0.1:1"]), TimeSpan.FromSeconds(40)))
            .ToList();
        await Task.Delay(200);

        var clock = Stopwatch.StartNew();
        var answer = await n[0].Handles.Replica.Ask<object>(new FetchBlob(blob.Hash, blob.Size, [n[1].Address]) { Urgent = true }, TimeSpan.FromSeconds(30));
        Assert.IsType<BlobFetched>(answer);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"the urgent fetch waited {clock.Elapsed}");
        await Task.WhenAll(stalled);
    }

    // #5: an inventory that takes longer than the request timeout still completes the sweep.
    [Fact]
    public async Task Given_a_request_timeout_shorter_than_an_inventory_read_Then_the_sweep_still_makes_nodes_live()
    {
        await using var cluster = new ReplicationCluster(ReplicationCluster.Fast() with { RequestTimeout = TimeSpan.FromMilliseconds(300) })
        {
            InventoryDelay = TimeSpan.FromSeconds(1),
        };
        var n = await cluster.StartAsync("north", "middle", "south");
        var blob = await cluster.PlaceAsync([n[0], n[1], n[2]]);

        await Eventually.Until(async () => (await cluster.CopiesAsync(blob.Hash)).Length == 3, ReplicationCluster.Deadline, "every node live after its sweep");
    }

    // #7: a graceful leave of a node that was not drained (a restart) keeps its copies counting for the grace.
    [Fact]
    public async Task Given_a_node_leaves_gracefully_without_a_drain_Then_its_copies_count_for_the_grace_and_nothing_is_copied()
    {
        await using var cluster = new ReplicationCluster(ReplicationCluster.Fast(grace: TimeSpan.FromSeconds(60)));
        var (n, blob) = await cluster.StartWithOneBlobAsync();

        await cluster.LeaveAsync(n[1]);
        await Task.Delay(TimeSpan.FromSeconds(5));

        Assert.False(n[3].Holds(blob.Hash), "no re-replication within the grace");
        Assert.Equal(0, (await cluster.ReportAsync()).RepairsCompleted);
    }

    // #15: a draining node's own copy does not count toward the write quorum.
    [Fact]
    public async Task Given_the_writing_node_drains_When_a_quorum_of_two_is_written_Then_two_other_nodes_hold_it()
    {
        await using var cluster = new ReplicationCluster(ReplicationCluster.Fast());
        var n = await cluster.StartAsync("north", "north", "middle", "south");
        await n[0].Handles.Replica.Ask<NodeInfo>(new SetDraining(true), TimeSpan.FromSeconds(5));
        await Eventually.Until(() => n[0].Handles.Directory.Find(n[0].Address)?.Draining == true, ReplicationCluster.Deadline, "the directory knows the node drains");
        var blob = await n[0].Store.WriteAsync(new MemoryStream(ReplicationCluster.RandomBytes(4000)));

        var result = await n[0].Handles.QuorumWriter.ReplicateAsync(blob, "north", 2, TimeSpan.FromSeconds(20), CancellationToken.None);

        var others = result.Holders.Where(h => h.Address != n[0].Address).ToList();
        Assert.Equal(2, others.Count);
        Assert.True(others.Select(h => h.Site).Distinct().Count() >= 2);
        Assert.All(others, h => Assert.True(cluster.Live.Single(x => x.Address == h.Address).Holds(blob.Hash)));
    }

    // #16: a one-site quorum is accepted when no node of another site could take the blob.
    [Fact]
    public async Task Given_every_node_of_the_other_site_drains_When_a_quorum_of_two_is_written_Then_one_site_is_accepted()
    {
        await using var cluster = new ReplicationCluster(ReplicationCluster.Fast());
        var n = await cluster.StartAsync("north", "north", "south");
        await n[2].Handles.Replica.Ask<NodeInfo>(new SetDraining(true), TimeSpan.FromSeconds(5));
        await Eventually.Until(() => n[0].Handles.Directory.Find(n[2].Address)?.Draining == true, ReplicationCluster.Deadline, "the directory knows the node drains");
        var blob = await n[0].Store.WriteAsync(new MemoryStream(ReplicationCluster.RandomBytes(4000)));

        var result = await n[0].Handles.QuorumWriter.ReplicateAsync(blob, "north", 2, TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal([n[0].Address, n[1].Address], result.Holders.Select(h => h.Address));
    }

    // #11: three copies on one site while another site is live are not well placed: one moves there.
    [Fact]
    public async Task Given_three_copies_on_one_site_while_another_site_is_live_Then_a_copy_is_added_there_and_a_same_site_extra_trimmed()
    {
        await using var cluster = new ReplicationCluster(ReplicationCluster.Fast());
        var n = await cluster.StartAsync("north", "north", "north", "south");
        var blob = await cluster.PlaceAsync([n[0], n[1], n[2]]);

        await Eventually.Until(async () => (await cluster.ReportAsync()).CopiesTrimmed == 1, ReplicationCluster.Deadline, "a north copy trimmed after the south copy");
        await cluster.CopiesSettledAsync(blob, 3);
        Assert.True(n[3].Holds(blob.Hash));
        var report = await cluster.ReportAsync();
        Assert.Equal((0L, 0L, 0L), (report.Misplaced, report.UnderReplicated, report.OverReplicated));
    }
}
