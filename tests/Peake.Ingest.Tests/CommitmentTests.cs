using Peake.Dicom;
using Peake.Dicom.Network.StorageCommitment;
using Peake.Ingest.Tests.Harness;

namespace Peake.Ingest.Tests;

/// <summary>
/// Storage Commitment through our own SCU (storescu has none): committed only for instances the catalog holds with
/// three live copies; anything else is reported failed, never committed on hope.
/// </summary>
[Trait("Category", "MultiNode")]
[Collection(ThreeSiteCollection.Name)]
public sealed class CommitmentTests(ThreeSiteFixture fixture)
{
    private static string Uid(int n) => $"{TestInstances.Root}.20.{n}";

    [Fact]
    public async Task Given_stored_instances_When_commitment_is_requested_Then_those_with_three_copies_are_committed_and_unknown_ones_fail()
    {
        var node = fixture.Cluster.Nodes[1];
        var first = TestInstances.Write(fixture.Files, Uid(1), Uid(2), Uid(3), patientId: "MRN-20", seed: 3);
        var second = TestInstances.Write(fixture.Files, Uid(1), Uid(2), Uid(4), patientId: "MRN-20", seed: 4);
        var run = await Dcmtk.StoreAsync(node, "HOSP_B", first.Path, second.Path);
        Assert.True(run.ExitCode == 0 && !run.Output.Contains("Error", StringComparison.OrdinalIgnoreCase), run.Output);
        var unknown = new SopReference(TestInstances.CtImageStorage, Uid(9));
        var wrongClass = new SopReference("1.2.840.10008.5.1.4.1.1.4", Uid(4));

        await using var scu = await Scu.OpenAsync(node, "HOSP_B");
        var report = await scu.CommitAsync(
            [new SopReference(TestInstances.CtImageStorage, Uid(3)), new SopReference(TestInstances.CtImageStorage, Uid(4)), unknown],
            timeout: TimeSpan.FromSeconds(60));
        // A report names each SOP instance once (PS3.4 J.3.3), so the wrong class is asked about on its own.
        var conflict = await scu.CommitAsync([wrongClass], timeout: TimeSpan.FromSeconds(60));
        await scu.ReleaseAsync();

        Assert.Equal([Uid(3), Uid(4)], report.Committed.Select(c => c.SopInstanceUid).Order(StringComparer.Ordinal));
        Assert.Contains(report.Failed, f => f.SopInstanceUid == Uid(9) && f.FailureReason == CommitmentFailureReason.NoSuchObjectInstance);
        Assert.Equal(CommitmentFailureReason.ClassInstanceConflict, Assert.Single(conflict.Failed).FailureReason);
        // Committed means three copies exist now, on three nodes.
        foreach (var hash in await HashesAsync(node, first.StudyUid))
            Assert.Equal(3, fixture.Cluster.CopiesOf(hash));
    }

    [Fact]
    public async Task Given_a_stored_version_and_a_refused_newer_one_When_commitment_is_asked_for_the_SOP_Then_it_fails()
    {
        var node = fixture.Cluster.Nodes[1];
        var first = TestInstances.Write(fixture.Files, Uid(11), Uid(12), Uid(13), patientId: "MRN-21", seed: 5);
        var other = TestInstances.Write(fixture.Files, Uid(11), Uid(12), Uid(13), patientId: "MRN-21", seed: 6);
        var run = await Dcmtk.StoreAsync(node, "HOSP_B", first.Path);
        Assert.True(run.ExitCode == 0 && run.Output.Contains("(Success)", StringComparison.Ordinal), run.Output);

        await using var scu = await Scu.OpenAsync(node, "HOSP_B");
        var refused = await scu.StoreAsync(TestInstances.CtImageStorage, other.SopUid, DicomTransferSyntax.ExplicitVRLittleEndian.Uid, new MemoryStream(other.DataSet()));
        var report = await scu.CommitAsync([new SopReference(TestInstances.CtImageStorage, Uid(13))], timeout: TimeSpan.FromSeconds(60));
        await scu.ReleaseAsync();

        // The modality holds the refused version; committing the SOP would let it delete bytes the archive never kept.
        Assert.Equal(0x0111, refused.Status);
        Assert.Empty(report.Committed);
        Assert.Equal(CommitmentFailureReason.ProcessingFailure, Assert.Single(report.Failed).FailureReason);
    }

    private static async Task<string[]> HashesAsync(IngestNode node, string study)
    {
        var view = await Akka.Actor.Futures.Ask<Peake.Cluster.Studies.StudyView>(node.Studies, new Peake.Cluster.Studies.GetStudy("b", study), TimeSpan.FromSeconds(10));
        return [.. view.Series.SelectMany(s => s.Instances).Select(i => i.Hash)];
    }
}
