using Peake.Cluster.Sites;
using Peake.Node.Tests.Chaos;
using Peake.Node.Tests.Cluster;
using Xunit.Abstractions;

namespace Peake.Node.Tests.Replication;

/// <summary>
/// Issue 5's acceptance when nodes die: kill -9 of a node holding copies, and kills in the middle of storescu runs.
/// Each test starts its own six-node archive (<see cref="ArchiveCluster"/>: repair grace 5 s, the process tests'
/// short failure detection and downing). The node killed is never the oldest one (the first of sites.conf), so the
/// test measures repair, not the coordinator's hand-over, which the grace-bounded waits here would not cover.
/// </summary>
[Trait("Category", "Process")]
public sealed class NodeLossTests(ITestOutputHelper output) : OwnArchive(output)
{
    // kill -> removed (detection + resolver) -> grace -> throttled repair of a test corpus.
    private static readonly TimeSpan Repair = ArchiveCluster.Grace + TimeSpan.FromSeconds(120);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Given_every_instance_on_three_nodes_When_a_node_holding_copies_is_killed_Then_after_the_grace_every_instance_is_back_to_three_live_copies_and_replicas_check_says_so()
    {
        var corpus = Corpus.Generate(Cluster.Folder("corpus"), Hospitals.FirstOf("east", "central", "west"), 2, 2, 2, 3);
        var before = await Ingest.StoreSettledAsync(Cluster, corpus, Settle, "before the kill");

        var victim = Copies.Busiest(Cluster, before);
        var held = Copies.Held(victim, before);
        Assert.True(held > 0);
        await Cluster.KillAsync(victim);
        Log($"killed {victim} holding {held} of {corpus.Count} instances; removed");

        var after = await Copies.ThreeEachAsync(Cluster, corpus, Repair, "after the kill");
        Log("three live copies each again");
        Copies.AssertPlaced(Cluster, corpus, after);
        Assert.DoesNotContain(after.Values.SelectMany(i => i.Copies), c => c.Node == victim.Address);
        // Repaired copies are the same bytes: the hash did not change, and the disks hold files of that hash.
        Assert.All(corpus, c => Assert.Equal(before[c.SopInstanceUid].Hash, after[c.SopInstanceUid].Hash));
        var check = await Eventually.Until(() => ArchiveCli.ReplicasCheckAsync(Cluster, Cluster.Live[0]),
            c => c.UnderReplicated == 0 && c.RepairsInFlight == 0, Settle, "peake replicas check: nothing under-replicated");
        Assert.True(check.Instances >= corpus.Count, check.Json);
        Assert.Equal(0, check.Corrupt);
        Log($"replicas check {check.Json}");
    }

    [Fact]
    public async Task Given_a_killed_node_whose_copies_were_replaced_When_it_comes_back_with_its_old_disk_Then_every_instance_settles_at_exactly_three_copies()
    {
        var corpus = Corpus.Generate(Cluster.Folder("corpus"), Hospitals.FirstOf("south", "west"), 2, 1, 2, 3);
        var before = await Ingest.StoreSettledAsync(Cluster, corpus, Settle, "before the kill");
        var victim = Copies.Busiest(Cluster, before);
        var old = BlobFiles.Visible(victim).Keys.Where(h => before.Values.Any(i => i.Hash == h)).ToList();
        Assert.NotEmpty(old);

        await Cluster.KillAsync(victim);
        await Copies.ThreeEachAsync(Cluster, corpus, Repair, "replaced while it is down");
        Log($"{victim} killed and its {old.Count} copies replaced elsewhere");

        // Back with the same disk: its old copies are extra now. The count must settle at three (the returning copies
        // trimmed or the others), never at four, and no instance may lose a copy on the way.
        await Cluster.RestartAsync(victim);
        Log($"{victim} back");
        var after = await Copies.ThreeEachAsync(Cluster, corpus, Settle, "after the return");
        Copies.AssertPlaced(Cluster, corpus, after);
        var check = await Eventually.Until(() => ArchiveCli.ReplicasCheckAsync(Cluster, Cluster.Live[0]),
            c => c.UnderReplicated == 0 && c.OverReplicated == 0 && c.RepairsInFlight == 0, Settle, "replicas check: nothing under- or over-replicated");
        Log($"settled at three; replicas check {check.Json}");
    }

    [Fact]
    public async Task Given_a_storescu_run_When_a_replica_target_and_then_the_receiving_node_are_killed_mid_run_Then_every_acknowledged_instance_has_three_copies_no_partial_blob_is_visible_and_failures_reached_the_sender()
    {
        const string site = "central";
        var receiver = Cluster[site];
        var hospital = Hospitals.Of(site)[0];

        // (1) A replica target dies while the run goes on: the receiving node must find another target, or refuse.
        var first = Corpus.Generate(Cluster.Folder("run1"), [hospital], 3, 2, 2, 10);
        Task<ArchiveNode>? killing = null;
        var stored = 0;
        var result1 = await StoreScu.SendAsync(hospital, receiver, [.. first.Select(c => c.Path)], Ingest.RunBound, _ =>
        {
            if (Interlocked.Increment(ref stored) == 30)
            {
                killing = Task.Run(() => KillReplicaTargetAsync(first[0], receiver));
            }
        });
        Log($"run 1: {result1}");
        Assert.NotNull(killing);
        var target = await killing.WaitAsync(TimeSpan.FromSeconds(30));
        await target.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await Cluster.KillAsync(target);
        Log($"{target} removed");
        AssertReported(result1, first.Count);

        // (2) The receiving node itself dies mid-run: the association breaks, storescu reports what was not stored.
        var second = Corpus.Generate(Cluster.Folder("run2"), [hospital], 3, 2, 2, 10);
        stored = 0;
        var result2 = await StoreScu.SendAsync(hospital, receiver, [.. second.Select(c => c.Path)], Ingest.RunBound, _ =>
        {
            if (Interlocked.Increment(ref stored) == 30)
            {
                receiver.Process.KillHard();
                Log("run 2: killed the receiving node after 30 stored");
            }
        });
        Log($"run 2: {result2}");
        Assert.NotEqual(0, result2.Result.ExitCode);
        Assert.True(result2.Stored.Count < second.Count, result2.ToString());
        Assert.NotEmpty(result2.Unanswered.Concat(result2.Refused).Concat(result2.NotSent));
        AssertReported(result2, second.Count);
        await receiver.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await Cluster.KillAsync(receiver);
        Log($"{receiver} removed");

        // Nothing half-written is visible on any disk, the dead nodes' included (temporaries do not count).
        Copies.AssertNoPartialBlob(Cluster);

        // Every instance acknowledged in either run: three copies on the four live nodes once repaired.
        var acknowledged = first.Where(c => result1.Stored.Contains(c.Path)).Concat(second.Where(c => result2.Stored.Contains(c.Path))).ToList();
        Assert.NotEmpty(acknowledged);
        var reported = await Copies.ThreeEachAsync(Cluster, acknowledged, Repair, "every acknowledged instance after both kills");
        Copies.AssertPlaced(Cluster, acknowledged, reported);
        Copies.AssertBytesAsSent(Cluster, acknowledged, reported);
        Copies.AssertNoPartialBlob(Cluster);
        Log($"{acknowledged.Count} acknowledged instances with three copies");
    }

    /// <summary>kill -9 of a node holding a copy of <paramref name="one"/> (not the receiver, not the oldest); else of the
    /// nearest other site's node, the placement's next choice.</summary>
    private async Task<ArchiveNode> KillReplicaTargetAsync(CorpusInstance one, ArchiveNode receiver)
    {
        var reported = await ArchiveCli.StudyOverHttpAsync(receiver, one.StudyUid) ?? await ArchiveCli.StudyAsync(Cluster, receiver, one.StudyUid) ?? [];
        var holder = reported.Where(i => i.SopInstanceUid == one.SopInstanceUid).SelectMany(i => i.Copies).Select(c => c.Node)
            .FirstOrDefault(n => n != receiver.Address && n != Cluster.Nodes[0].Address);
        var target = holder is not null
            ? Cluster.ByAddress(holder)
            : new NearestSites(ClusterConfigFiles.Sites).From(receiver.Site).Skip(1).Select(s => Cluster[s]).First(n => n != Cluster.Nodes[0]);
        target.Process.KillHard();
        Log($"run 1: killed replica target {target} after 30 stored");
        return target;
    }

    /// <summary>Every file storescu was given is accounted for: stored, refused, unanswered or not sent; never silently dropped.</summary>
    private static void AssertReported(StoreRun run, int files)
    {
        Assert.Equal(files, run.Stored.Count + run.Refused.Count + run.Unanswered.Count + run.NotSent.Count);
        // A refusal is itself the report (a failure status); a broken association is reported by storescu's exit code.
        if (run.Unanswered.Count + run.NotSent.Count > 0)
            Assert.NotEqual(0, run.Result.ExitCode);
    }
}
