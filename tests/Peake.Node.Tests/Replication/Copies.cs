using Peake.Node.Tests.Cluster;

namespace Peake.Node.Tests.Replication;

/// <summary>
/// Where the copies of a corpus are, by the archive's own account (`peake study show --json`) and by the disks
/// (<see cref="BlobFiles"/>), and the placement rules of issue 5 checked on both.
/// </summary>
internal static class Copies
{
    /// <summary>
    /// Waits until every instance is reported with three copies, all on live nodes, and the live nodes' disks hold
    /// exactly those copies (the third copy follows the quorum's answer, repairs and trims take a moment).
    /// </summary>
    public static async Task<Dictionary<string, ReportedInstance>> ThreeEachAsync(ArchiveCluster cluster, IReadOnlyCollection<CorpusInstance> corpus, TimeSpan within, string what)
    {
        var via = cluster.Live[^1];
        return await Eventually.Until(() => ArchiveCli.ReportedAsync(cluster, via, corpus), reported => Problems(cluster, corpus, reported).Count == 0,
            within, $"{what}: every one of {corpus.Count} instances on exactly three live nodes, disks agreeing");
    }

    /// <summary>
    /// The node holding the most copies of the reported instances, never the oldest (the first started): the tests
    /// that kill or drain it measure repair, not the hand-over of the coordinator singleton that runs there.
    /// </summary>
    public static ArchiveNode Busiest(ArchiveCluster cluster, Dictionary<string, ReportedInstance> reported) =>
        cluster.Nodes.Skip(1).OrderByDescending(n => Held(n, reported)).First();

    /// <summary>How many of the reported instances have a copy on the node.</summary>
    public static int Held(ArchiveNode node, Dictionary<string, ReportedInstance> reported) =>
        reported.Values.Count(i => i.Copies.Any(c => c.Node == node.Address));

    /// <summary>What is not yet as it should be: an empty list when every instance has its three copies everywhere.</summary>
    public static List<string> Problems(ArchiveCluster cluster, IEnumerable<CorpusInstance> corpus, Dictionary<string, ReportedInstance> reported)
    {
        var live = cluster.Live.Select(n => n.Address).ToHashSet(StringComparer.Ordinal);
        var disks = BlobFiles.Holders(cluster.Live);
        var problems = new List<string>();
        foreach (var instance in corpus)
        {
            if (!reported.TryGetValue(instance.SopInstanceUid, out var r))
            {
                problems.Add($"{instance.SopInstanceUid} not reported");
                continue;
            }
            var nodes = r.Copies.Select(c => c.Node).Distinct().Order(StringComparer.Ordinal).ToList();
            var onDisk = disks.TryGetValue(r.Hash, out var holders) ? holders.Select(h => h.Address).Order(StringComparer.Ordinal).ToList() : [];
            if (nodes.Count != 3 || r.Copies.Count != 3 || !nodes.All(live.Contains) || !nodes.SequenceEqual(onDisk))
                problems.Add($"{instance.SopInstanceUid}: reported on [{string.Join(", ", nodes)}], on disk on [{string.Join(", ", onDisk)}]");
        }
        return problems;
    }

    /// <summary>
    /// The placement rules on a settled report: three distinct nodes over at least two sites, the home site among
    /// them (when it has a live node), each site reported as the node's own; each disk copy intact and of the reported hash and size.
    /// </summary>
    public static void AssertPlaced(ArchiveCluster cluster, IEnumerable<CorpusInstance> corpus, Dictionary<string, ReportedInstance> reported)
    {
        Assert.Empty(Problems(cluster, corpus, reported));
        foreach (var instance in corpus)
        {
            var r = reported[instance.SopInstanceUid];
            Assert.Equal(3, r.Copies.Select(c => c.Node).Distinct().Count());
            Assert.True(r.Copies.Select(c => c.Site).Distinct().Count() >= 2, $"{instance.SopInstanceUid}: copies on one site only: {string.Join(", ", r.Copies)}");
            // The home site first, when it has a live node: with its only node dead, the copies live elsewhere.
            if (cluster.Live.Any(n => n.Site == instance.HomeSite))
                Assert.Contains(instance.HomeSite, r.Copies.Select(c => c.Site));
            foreach (var copy in r.Copies)
            {
                var node = cluster.ByAddress(copy.Node);
                Assert.Equal(node.Site, copy.Site);
                var path = BlobFiles.Visible(node)[r.Hash];
                Assert.True(BlobFiles.Intact(path), $"{path} does not hash to its name");
                Assert.Equal(r.Size, new FileInfo(path).Length);
            }
        }
    }

    /// <summary>The stored bytes are the sent data set: every copy's data set (after its file meta) equals the file's.</summary>
    public static void AssertBytesAsSent(ArchiveCluster cluster, IEnumerable<CorpusInstance> corpus, Dictionary<string, ReportedInstance> reported)
    {
        foreach (var instance in corpus)
        {
            var sent = File.ReadAllBytes(instance.Path);
            foreach (var copy in reported[instance.SopInstanceUid].Copies)
            {
                var stored = File.ReadAllBytes(BlobFiles.Visible(cluster.ByAddress(copy.Node))[reported[instance.SopInstanceUid].Hash]);
                Assert.True(BlobFiles.DataSet(stored).SequenceEqual(BlobFiles.DataSet(sent)),
                    $"{instance.SopInstanceUid} on {copy.Node}: the stored data set differs from the one sent");
            }
        }
    }

    /// <summary>Every visible blob file on every node's disk (dead ones too) hashes to its name: nothing partial is visible.</summary>
    public static void AssertNoPartialBlob(ArchiveCluster cluster)
    {
        foreach (var node in cluster.Nodes)
        {
            foreach (var (_, path) in BlobFiles.Visible(node))
                Assert.True(BlobFiles.Intact(path), $"{node}: {path} is visible but does not hash to its name");
        }
    }
}
