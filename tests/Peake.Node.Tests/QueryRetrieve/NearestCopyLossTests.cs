using Peake.Cluster.Sites;
using Peake.Node.Tests.Chaos;
using Peake.Node.Tests.Replication;
using Xunit.Abstractions;

namespace Peake.Node.Tests.QueryRetrieve;

/// <summary>
/// Issue 6's acceptance when a copy is gone: the node a retrieve would read from first (the nearest holder of the
/// instances' copies, seen from the node the hospital asks) is killed with kill -9, and the retrieve still completes,
/// from the other copies, byte for byte. The killed node comes back afterwards, so the shared archive is whole again for
/// the tests after this one.
/// </summary>
[Trait("Category", "Process")]
[Collection(ArchiveCollection.Name)]
public sealed class NearestCopyLossTests(ArchiveFixture fixture, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);

    private readonly ArchiveCluster _cluster = fixture.Cluster;
    private readonly DateTime _started = DateTime.UtcNow;

    [Fact]
    public async Task Given_a_study_with_three_copies_When_the_node_holding_the_nearest_copy_is_killed_Then_getscu_at_a_node_without_a_copy_still_receives_every_instance_byte_identical()
    {
        var folder = _cluster.Folder($"nearest-{Guid.NewGuid():N}");
        var hospital = Hospitals.Of("central")[0];
        var study = Corpus.Generate(folder, [hospital], patients: 1, studies: 1, series: 2, instances: 3);
        var reported = await Replication.Ingest.StoreSettledAsync(_cluster, study, Settle, "the study");

        var (reader, victim) = ReaderAndNearestHolder(reported);
        Log($"{reader} holds no copy; its nearest holder is {victim}");
        var readerHospital = Hospitals.Of(reader.Site)[0];
        // The read model answers for the study at the reader before anything is killed (C-GET resolves through it).
        await Eventually.Until(
            () => QrTools.FindAsync(reader, readerHospital, folder, QrTools.StudyRoot, "QueryRetrieveLevel=STUDY", $"StudyInstanceUID={study[0].StudyUid}", "NumberOfStudyRelatedInstances"),
            r => r.Responses.Count == 1 && r.Responses[0].GetString(Peake.Dicom.DicomTags.NumberOfStudyRelatedInstances) == $"{study.Count}",
            Settle, "the read model has the study");

        victim.Process.KillHard();
        await victim.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        Log($"killed {victim}");
        // At once: the cluster has not even noticed yet, so the nearest copy is still listed and must be passed over.
        var (result, files) = await QrTools.GetStudyAsync(reader, readerHospital, folder, study[0].StudyUid);
        Log($"getscu: {result.ExitCode}");

        Assert.True(result.ExitCode == 0, $"{result}\n{_cluster.Tails()}");
        QrTools.AssertSameDataSets(study, files);

        // The shared archive whole again: the dead node removed, back with its disk, and taking C-STOREs.
        await _cluster.KillAsync(victim);
        await _cluster.RestartAsync(victim);
        await Replication.Ingest.WarmUpAsync(_cluster, TimeSpan.FromSeconds(60));
        Log($"{victim} back");
    }

    /// <summary>
    /// A node holding no copy of the study, and the holder nearest to it (by sites.conf, as the archive ranks copies) of
    /// the most instances; never the oldest node, whose death would move the singletons, not test the copies.
    /// </summary>
    private (ArchiveNode Reader, ArchiveNode Victim) ReaderAndNearestHolder(Dictionary<string, ReportedInstance> reported)
    {
        var nearest = new NearestSites(ClusterConfigFiles.Sites);
        var holders = reported.Values.Select(i => i.Copies.Select(c => _cluster.ByAddress(c.Node)).ToList()).ToList();
        var choices =
            from reader in _cluster.Live
            where holders.All(h => !h.Contains(reader))
            let firsts = holders.Select(h => h.OrderBy(n => nearest.From(reader.Site).ToList().IndexOf(n.Site)).First()).ToList()
            let victim = firsts.GroupBy(n => n).OrderByDescending(g => g.Count()).First()
            where victim.Key != _cluster.Nodes[0]
            orderby victim.Count() descending
            select (reader, victim.Key);
        var choice = choices.FirstOrDefault();
        Assert.True(choice.reader is not null, "no node without a copy whose nearest holder is not the oldest node");
        return choice;
    }

    private void Log(string what) => output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} (+{(DateTime.UtcNow - _started).TotalSeconds:0.0} s) {what}");

    public void Dispose() => output.WriteLine(_cluster.Tails());
}
