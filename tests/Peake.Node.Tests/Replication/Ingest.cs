using Peake.Node.Tests.Cluster;

namespace Peake.Node.Tests.Replication;

/// <summary>Hospitals sending a corpus, each to the node of its own site (its nearest), as make run tells them to.</summary>
internal static class Ingest
{
    public static readonly TimeSpan RunBound = TimeSpan.FromSeconds(180);

    /// <summary>One storescu per hospital, all at once, each to its site's node; returns each hospital's run.</summary>
    public static async Task<Dictionary<string, StoreRun>> SendNearestAsync(ArchiveCluster cluster, IReadOnlyList<CorpusInstance> corpus)
    {
        var runs = corpus.GroupBy(c => c.Hospital).Select(async g =>
            (Hospital: g.Key, Run: await StoreScu.SendAsync(g.Key, cluster[g.First().HomeSite], [.. g.Select(c => c.Path)], RunBound)));
        return (await Task.WhenAll(runs)).ToDictionary(r => r.Hospital, r => r.Run);
    }

    /// <summary>Sends the corpus (every C-STORE must succeed) and waits until each instance has its three copies.</summary>
    public static async Task<Dictionary<string, ReportedInstance>> StoreSettledAsync(ArchiveCluster cluster, IReadOnlyList<CorpusInstance> corpus, TimeSpan within, string what)
    {
        var runs = await SendNearestAsync(cluster, corpus);
        Assert.All(runs, r => Assert.True(r.Value.AllStored, $"{r.Key}: {r.Value}"));
        return await Copies.ThreeEachAsync(cluster, corpus, within, what);
    }

    /// <summary>
    /// One instance through every live node's gateway (all nodes at once), retried until stored: the node directory of
    /// each node learns its peers' transfer endpoints a moment after /ready, and the first quorum write needs them.
    /// </summary>
    public static async Task WarmUpAsync(ArchiveCluster cluster, TimeSpan within)
    {
        await Task.WhenAll(cluster.Live.Select(async node =>
        {
            var hospital = Hospitals.Of(node.Site)[0];
            var one = Corpus.Generate(cluster.Folder($"warm-up-{node.Site}-{Guid.NewGuid():N}"), [hospital], 1, 1, 1, 1);
            await Eventually.Until(() => StoreScu.SendAsync(hospital, node, [one[0].Path], TimeSpan.FromSeconds(60)), r => r.AllStored, within,
                $"a first C-STORE from {hospital} to {node} stored");
        }));
    }
}
