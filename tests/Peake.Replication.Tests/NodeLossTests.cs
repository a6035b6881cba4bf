using System.Diagnostics;
using Akka.Actor;
using Peake.Replication.Replicas;
using Peake.Replication.Tests.Harness;
using Peake.Storage;

namespace Peake.Replication.Tests;

[Collection(ClusterTests.Name)]
public sealed class NodeLossTests
{
    [Fact]
    public async Task Given_two_nodes_crash_When_the_grace_passes_Then_every_blob_is_back_to_three_live_copies_fewest_copies_first()
    {
        var settings = ReplicationCluster.Fast() with { RepairConcurrency = 1, RepairsPerSecond = 2 };
        await using var cluster = new ReplicationCluster(settings);
        var n = await cluster.StartAsync("north", "north", "middle", "middle", "south");
        // After n1 and n3 are lost: a keeps one copy, b and c keep two.
        var a = await cluster.PlaceAsync([n[1], n[3], n[2]]);
        var b = await cluster.PlaceAsync([n[1], n[2], n[4]]);
        var c = await cluster.PlaceAsync([n[3], n[0], n[4]]);
        foreach (var blob in new[] { a, b, c })
            await cluster.CopiesSettledAsync(blob, 3);

        await cluster.CrashAsync(n[1]);
        await cluster.CrashAsync(n[3]);

        var firstRepairOf = new Dictionary<string, TimeSpan>();
        var clock = Stopwatch.StartNew();
        await Eventually.Until(async () =>
        {
            foreach (var (blob, before) in new[] { (a, 1), (b, 2), (c, 2) })
            {
                if (!firstRepairOf.ContainsKey(blob.Hash) && (await cluster.CopiesAsync(blob.Hash)).Length > before)
                    firstRepairOf[blob.Hash] = clock.Elapsed;
            }
            return firstRepairOf.Count == 3 && new[] { a, b, c }.All(x => cluster.HoldersOnDisk(x.Hash).Count == 3);
        }, ReplicationCluster.Deadline, "every blob repaired to three copies on live nodes");

        Assert.True(firstRepairOf[a.Hash] < firstRepairOf[b.Hash] && firstRepairOf[a.Hash] < firstRepairOf[c.Hash],
            $"the blob down to one copy was repaired first: a {firstRepairOf[a.Hash]}, b {firstRepairOf[b.Hash]}, c {firstRepairOf[c.Hash]}");
        foreach (var blob in new[] { a, b, c })
        {
            await cluster.CopiesSettledAsync(blob, 3);
            Assert.True((await cluster.CopiesAsync(blob.Hash)).Select(x => x.Site).Distinct().Count() >= 2);
        }
        var report = await cluster.ReportAsync();
        Assert.Equal((3, 0L, 0L, 4L), (report.Instances, report.UnderReplicated, report.OverReplicated, report.RepairsCompleted));
    }

    [Fact]
    public async Task Given_a_repair_target_crashes_mid_fetch_Then_the_repair_moves_to_another_node_without_waiting_out_its_deadline()
    {
        // Deadlines far beyond the test's patience: only giving the repair up when its target is removed can finish it.
        var settings = ReplicationCluster.Fast() with { RequestTimeout = TimeSpan.FromMinutes(5) };
        await using var cluster = new ReplicationCluster(settings) { FirstBlobGetDelay = TimeSpan.FromMinutes(5) };
        var n = await cluster.StartAsync("north", "north", "middle", "middle", "south", "south");
        var blob = await cluster.PlaceAsync([n[0], n[2], n[4]]);
        await cluster.CopiesSettledAsync(blob, 3);

        await cluster.CrashAsync(n[4]);
        await Eventually.Until(() => cluster.DelayedFetcher is not null, ReplicationCluster.Deadline, "a repair fetch reached a source and is held there");
        var target = n.Single(x => x.Address == cluster.DelayedFetcher);
        Assert.False(target.Holds(blob.Hash));
        await cluster.CrashAsync(target);

        await cluster.CopiesSettledAsync(blob, 3);
        Assert.DoesNotContain(target, cluster.HoldersOnDisk(blob.Hash));
    }

    [Fact]
    public async Task Given_a_crashed_node_was_replaced_When_it_returns_with_its_old_copies_Then_the_blob_is_trimmed_to_three_and_never_below()
    {
        await using var cluster = new ReplicationCluster(ReplicationCluster.Fast());
        var (n, blob) = await cluster.StartWithOneBlobAsync();

        await cluster.CrashAsync(n[1]);
        await cluster.CopiesSettledAsync(blob, 3);
        Assert.True(n[3].Holds(blob.Hash));

        var back = await cluster.StartNodeAsync("north", n[1].Root);
        Assert.True(back.Holds(blob.Hash));
        var fewest = int.MaxValue;
        await Eventually.Until(async () =>
        {
            var onDisk = cluster.HoldersOnDisk(blob.Hash).Count;
            fewest = Math.Min(fewest, onDisk);
            return (await cluster.ReportAsync()).CopiesTrimmed == 1 && onDisk == 3;
        }, ReplicationCluster.Deadline, "the returning node's extra copy trimmed");

        Assert.True(fewest >= 3, $"never below three copies on disk (fewest seen: {fewest})");
        await cluster.CopiesSettledAsync(blob, 3);
        var copies = await cluster.CopiesAsync(blob.Hash);
        Assert.Contains(copies, x => x.Site == "north");
        Assert.True(copies.Select(x => x.Site).Distinct().Count() >= 2);
        Assert.Equal(0, (await cluster.ReportAsync()).OverReplicated);
    }

    [Fact]
    public async Task Given_a_node_whose_disk_was_wiped_When_the_inventory_sweep_runs_Then_the_lost_copies_are_made_again()
    {
        await using var cluster = new ReplicationCluster(ReplicationCluster.Fast());
        var (n, blob) = await cluster.StartWithOneBlobAsync();

        foreach (var file in Directory.GetFiles(Path.Combine(n[1].Root, "blobs"), "*", SearchOption.AllDirectories))
            File.Delete(file);

        await Eventually.Until(async () => (await cluster.ReportAsync()).RepairsCompleted >= 1, ReplicationCluster.Deadline, "a repair after the wipe");
        await cluster.CopiesSettledAsync(blob, 3);
        foreach (var holder in cluster.HoldersOnDisk(blob.Hash))
            Assert.True(await holder.Store.VerifyAsync(blob.Hash));
    }

    [Fact]
    public async Task Given_a_copy_found_corrupt_When_it_is_reported_Then_it_is_replaced_from_a_good_copy_and_never_served()
    {
        await using var cluster = new ReplicationCluster(ReplicationCluster.Fast());
        var (n, blob) = await cluster.StartWithOneBlobAsync();

        FlipByte(n[1].PathOf(blob.Hash), 1000);
        var verified = await n[1].Handles.Replica.Ask<BlobVerified>(new VerifyBlob(blob.Hash), TimeSpan.FromSeconds(10));
        Assert.Equal(BlobCondition.Corrupt, verified.Condition);

        await Eventually.Until(async () => (await cluster.ReportAsync()).RepairsCompleted >= 1, ReplicationCluster.Deadline, "a repair after the corruption");
        await cluster.CopiesSettledAsync(blob, 3);
        foreach (var holder in cluster.HoldersOnDisk(blob.Hash))
            Assert.True(await holder.Store.VerifyAsync(blob.Hash), $"the copy on {holder} is good");
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(n[1].Root, "quarantine")));
        await Eventually.Until(async () => (await cluster.ReportAsync()).Corrupt == 0, ReplicationCluster.Deadline, "the corrupt copy no longer reported once replaced");
    }

    [Fact]
    public async Task Given_a_corrupt_copy_When_a_peer_fetches_from_it_Then_the_fetch_fails_and_the_copy_is_replaced_from_a_good_one()
    {
        await using var cluster = new ReplicationCluster(ReplicationCluster.Fast());
        var (n, blob) = await cluster.StartWithOneBlobAsync();
        FlipByte(n[1].PathOf(blob.Hash), 5000);

        var answer = await n[3].Handles.Replica.Ask<object>(new FetchBlob(blob.Hash, blob.Size, [n[1].Address]), TimeSpan.FromSeconds(20));

        Assert.IsType<BlobFetchFailed>(answer);
        await Eventually.Until(async () => (await cluster.ReportAsync()).RepairsCompleted >= 1, ReplicationCluster.Deadline, "a repair after the corrupt read");
        await cluster.CopiesSettledAsync(blob, 3);
        foreach (var holder in cluster.HoldersOnDisk(blob.Hash))
            Assert.True(await holder.Store.VerifyAsync(blob.Hash), $"the copy on {holder} is good");
    }

    private static void FlipByte(string path, long at)
    {
        using var file = File.Open(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = at;
        var b = file.ReadByte();
        file.Position = at;
        file.WriteByte((byte)(b ^ 0xFF));
    }
}
