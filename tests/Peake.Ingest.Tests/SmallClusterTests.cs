using Akka.Actor;
using Peake.Cluster.Studies;
using Peake.Dicom;
using Peake.Dicom.Network.StorageCommitment;
using Peake.Ingest.Tests.Harness;

namespace Peake.Ingest.Tests;

/// <summary>
/// Clusters too small for what is asked: one node cannot make a write quorum of two, two nodes cannot hold three
/// copies. The gateway must say so (A700H; commitment failed), never pretend.
/// </summary>
[Trait("Category", "MultiNode")]
public sealed class SmallClusterTests : IAsyncLifetime
{
    private readonly TempFolder _files = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _files.Dispose();
        return Task.CompletedTask;
    }

    private static string Uid(string test, int n) => $"{TestInstances.Root}.{test}.{n}";

    [Fact]
    public async Task Given_one_node_and_a_write_quorum_of_two_When_an_instance_is_sent_Then_A700H_and_nothing_is_recorded()
    {
        await using var cluster = await IngestTestCluster.StartAsync((_, o) => o with { QuorumTimeout = TimeSpan.FromSeconds(3) }, "a");
        var node = cluster.Nodes[0];
        var sent = TestInstances.Write(_files.Path, Uid("30", 1), Uid("30", 2), Uid("30", 3));

        await using var scu = await Scu.OpenAsync(node);
        var response = await scu.StoreAsync(TestInstances.CtImageStorage, sent.SopUid, DicomTransferSyntax.ExplicitVRLittleEndian.Uid, new MemoryStream(sent.DataSet()));
        var run = await Dcmtk.StoreAsync(node, "HOSP_A", sent.Path);
        await scu.ReleaseAsync();

        Assert.Equal(0xA700, response.Status);
        Assert.Contains("quorum", response.ErrorComment, StringComparison.Ordinal);
        Assert.True(run.Output.Contains("Refused: OutOfResources", StringComparison.Ordinal), run.Output);
        Assert.Equal(0, cluster.TaggedInstanceEvents());
        Assert.False((await node.Studies.Ask<StudyView>(new GetStudy("a", sent.StudyUid), TimeSpan.FromSeconds(10))).Exists);
    }

    [Fact]
    public async Task Given_two_nodes_When_commitment_is_asked_for_stored_instances_Then_it_fails_for_lack_of_a_third_copy_and_KeepBoth_keeps_both_versions()
    {
        await using var cluster = await IngestTestCluster.StartAsync(
            (_, o) => o with { DuplicatePolicy = DuplicatePolicy.KeepBoth, CommitmentWait = TimeSpan.FromSeconds(3) }, "a", "b");
        var node = cluster.Nodes[0];
        var first = TestInstances.Write(_files.Path, Uid("31", 1), Uid("31", 2), Uid("31", 3), seed: 1);
        var newer = TestInstances.Write(_files.Path, Uid("31", 1), Uid("31", 2), Uid("31", 3), seed: 2);

        var stored = await Dcmtk.StoreAsync(node, "HOSP_A", first.Path);
        var again = await Dcmtk.StoreAsync(node, "HOSP_A", newer.Path);
        await using var scu = await Scu.OpenAsync(node);
        var report = await scu.CommitAsync([new SopReference(TestInstances.CtImageStorage, first.SopUid)], timeout: TimeSpan.FromSeconds(60));
        await scu.ReleaseAsync();

        Assert.True(stored.Output.Contains("(Success)", StringComparison.Ordinal), stored.Output);
        Assert.True(again.Output.Contains("(Success)", StringComparison.Ordinal), again.Output);
        var instance = Assert.Single(Assert.Single((await node.Studies.Ask<StudyView>(new GetStudy("a", first.StudyUid), TimeSpan.FromSeconds(10))).Series).Instances);
        var older = Assert.Single(instance.OlderHashes);
        Assert.Equal(2, cluster.CopiesOf(instance.Hash));
        Assert.Equal(2, cluster.CopiesOf(older));
        Assert.Equal(2, cluster.TaggedInstanceEvents());
        Assert.Empty(report.Committed);
        Assert.Equal(CommitmentFailureReason.ProcessingFailure, Assert.Single(report.Failed).FailureReason);
    }
}
