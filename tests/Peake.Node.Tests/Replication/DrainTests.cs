using System.Diagnostics;
using Peake.Node.Tests.Cluster;
using Xunit.Abstractions;

namespace Peake.Node.Tests.Replication;

/// <summary>
/// Issue 5's acceptance for `peake node drain`: while a node's copies move elsewhere, every instance keeps three
/// copies or more at every moment. Watched two ways at once for the whole drain: the disks (a visible blob file per
/// copy, read every 100 ms: the ground truth a crash at that moment would leave) and the archive's own report
/// (GET /studies/{uid}).
/// </summary>
[Trait("Category", "Process")]
public sealed class DrainTests(ITestOutputHelper output) : OwnArchive(output)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Given_every_instance_on_three_nodes_When_a_node_is_drained_Then_every_instance_keeps_three_copies_throughout_and_none_is_left_on_that_node()
    {
        var corpus = Corpus.Generate(Cluster.Folder("corpus"), Hospitals.FirstOf("east", "south", "northwest"), 2, 2, 2, 3);
        var before = await Ingest.StoreSettledAsync(Cluster, corpus, Settle, "before the drain");
        var hashes = before.Values.Select(i => i.Hash).ToHashSet(StringComparer.Ordinal);

        // The node holding the most copies (not the oldest: the coordinator's node stays put).
        var drained = Copies.Busiest(Cluster, before);
        var held = Copies.Held(drained, before);
        Log($"draining {drained}, holding {held} of {corpus.Count}");

        using var stop = new CancellationTokenSource();
        var disk = Task.Run(() => WatchDisksAsync(hashes, stop.Token));
        var report = Task.Run(() => WatchReportsAsync(corpus, stop.Token));
        var drain = await ArchiveCli.RunAsync(Cluster, Cluster.Nodes[0], "node", "drain", drained.Address, "--wait", "--wait-timeout", $"{Drain.TotalSeconds:0}");
        Log($"peake node drain --wait: {drain}");
        Assert.True(drain.ExitCode == 0, drain.ToString());

        // Done: every instance on three nodes, none of them the drained node, on its disk nothing of the corpus.
        var after = await Eventually.Until(() => ArchiveCli.ReportedAsync(Cluster, Cluster.Nodes[0], corpus),
            r => Copies.Problems(Cluster, corpus, r).Count == 0 && r.Values.All(i => i.Copies.All(c => c.Node != drained.Address))
                && !BlobFiles.Visible(drained).Keys.Any(hashes.Contains),
            Drain, $"every instance off {drained} and on three other nodes");
        await stop.CancelAsync();
        var (diskPolls, diskLows) = await disk;
        var (reportPolls, reportLows) = await report;
        Log($"disks read {diskPolls} times, reports {reportPolls} times during the drain");

        Copies.AssertPlaced(Cluster, corpus, after);
        Assert.True(diskPolls > 10, $"the disks were read only {diskPolls} times");
        Assert.True(reportPolls > 2, $"the reports were read only {reportPolls} times");
        Assert.True(diskLows.Count == 0, "fewer than three copies on disk: " + string.Join("; ", diskLows.Take(10)));
        Assert.True(reportLows.Count == 0, "fewer than three copies reported: " + string.Join("; ", reportLows.Take(10)));
        var drainState = await ArchiveCli.RunAsync(Cluster, Cluster.Nodes[0], "replicas", "check", "--json");
        Log($"replicas check after the drain: {drainState.StandardOutput.Trim()}");
    }

    /// <summary>Every 100 ms, each hash's count of visible, intact-looking files over all nodes; any count below three is kept.</summary>
    private async Task<(int Polls, List<string> Lows)> WatchDisksAsync(HashSet<string> hashes, CancellationToken stop)
    {
        var lows = new List<string>();
        var polls = 0;
        var clock = Stopwatch.StartNew();
        while (!stop.IsCancellationRequested)
        {
            var holders = BlobFiles.Holders(Cluster.Live);
            foreach (var hash in hashes)
            {
                var count = holders.TryGetValue(hash, out var on) ? on.Count : 0;
                if (count < 3)
                    lows.Add($"{clock.Elapsed.TotalSeconds:0.0} s: {hash[..12]} on {count} disks");
            }
            polls++;
            await Task.Delay(100, CancellationToken.None);
        }
        return (polls, lows);
    }

    /// <summary>The archive's report of every study, as often as it answers; any instance reported with fewer than three copies is kept.</summary>
    private async Task<(int Polls, List<string> Lows)> WatchReportsAsync(IReadOnlyList<CorpusInstance> corpus, CancellationToken stop)
    {
        var lows = new List<string>();
        var polls = 0;
        var clock = Stopwatch.StartNew();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var reported = await ArchiveCli.ReportedAsync(Cluster, Cluster.Nodes[0], corpus, overHttp: true);
                foreach (var instance in corpus)
                {
                    var count = reported.TryGetValue(instance.SopInstanceUid, out var r) ? r.Copies.Select(c => c.Node).Distinct().Count() : 0;
                    if (count < 3)
                        lows.Add($"{clock.Elapsed.TotalSeconds:0.0} s: {instance.SopInstanceUid} reported with {count} copies");
                }
                polls++;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
            {
                // A slow answer is not a low count; the next poll reads again.
            }
        }
        return (polls, lows);
    }
}
