using System.Security.Cryptography;
using Akka.Actor;
using Peake.Cluster.Studies;
using Peake.Dicom;
using Peake.Dicom.Network.Client;
using Peake.Dicom.Network.Server;
using Peake.Ingest.Tests.Harness;

namespace Peake.Ingest.Tests;

/// <summary>
/// The gateway of a three-site cluster against real senders: dcmtk storescu/echoscu and our own SCU, each test on a
/// study of its own. Success must mean: the bytes are the File Meta group plus the data set as sent, durable on the
/// write quorum, catalogued with hash and size; everything else must leave nothing behind.
/// </summary>
[Trait("Category", "MultiNode")]
[Collection(ThreeSiteCollection.Name)]
public sealed class IngestGatewayTests(ThreeSiteFixture fixture)
{
    private IngestTestCluster Cluster => fixture.Cluster;

    private IngestNode NodeA => Cluster.Nodes[0];

    private static string Uid(string test, int n) => $"{TestInstances.Root}.{test}.{n}";

    private static Task<StudyView> StudyAsync(IngestNode node, string studyUid) =>
        node.Studies.Ask<StudyView>(new GetStudy("a", studyUid), TimeSpan.FromSeconds(10));

    [Fact]
    public async Task Given_a_registered_hospital_When_storescu_sends_an_instance_Then_it_is_durable_on_the_quorum_catalogued_and_byte_exact()
    {
        var sent = TestInstances.Write(fixture.Files, Uid("1", 1), Uid("1", 2), Uid("1", 3), pixelBytes: 200_000);

        var run = await Dcmtk.StoreAsync(NodeA, "HOSP_A", sent.Path);

        Assert.True(run.ExitCode == 0 && run.Output.Contains("(Success)", StringComparison.Ordinal), run.Output);
        // The blob: exactly the File Meta group the gateway built plus the data set storescu sent.
        var expected = Peake.Ingest.Associations.ArchiveFileMeta.Build(TestInstances.CtImageStorage, sent.SopUid, DicomTransferSyntax.ExplicitVRLittleEndian.Uid)
            .Concat(sent.DataSet()).ToArray();
        var hash = Convert.ToHexStringLower(SHA256.HashData(expected));
        await using (var stream = NodeA.Store.OpenRead(hash))
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.Equal(expected, copy.ToArray());
        }
        // Success came after the write quorum: two nodes already hold it (the third follows).
        Assert.True(Cluster.CopiesOf(hash) >= 2, $"{Cluster.CopiesOf(hash)} copies at success");
        // ...on two sites, the home site (a, the sending hospital's) among them.
        var sites = Cluster.Nodes.Where(n => n.Store.Exists(hash)).Select(n => n.Site).ToList();
        Assert.Contains("a", sites);
        Assert.True(sites.Distinct().Count() >= 2, string.Join(",", sites));
        var study = await StudyAsync(NodeA, sent.StudyUid);
        Assert.True(study.Exists);
        var instance = Assert.Single(Assert.Single(study.Series).Instances);
        Assert.Equal((sent.SopUid, hash, (long)expected.Length, TestInstances.CtImageStorage), (instance.SopInstanceUid, instance.Hash, instance.Size, instance.SopClassUid));
        Assert.Equal(DicomTransferSyntax.ExplicitVRLittleEndian.Uid, instance.TransferSyntaxUid);
        await Eventually.Until(() => Cluster.CopiesOf(hash) == 3, IngestTestCluster.Deadline, "the third copy");
        Assert.All(Cluster.Nodes, n => Assert.Equal(0, n.TemporaryFiles));
    }

    [Fact]
    public async Task Given_an_unknown_calling_AE_When_it_associates_Then_it_is_rejected_and_a_registered_one_is_answered()
    {
        var sent = TestInstances.Write(fixture.Files, Uid("2", 1), Uid("2", 2), Uid("2", 3));

        var stranger = await Dcmtk.StoreAsync(NodeA, "STRANGER", sent.Path);
        var echo = await Dcmtk.RunAsync("echoscu", "-aet", "HOSP_B", "-aec", NodeA.AeTitle, "127.0.0.1", NodeA.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var rejected = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() => Scu.OpenAsync(NodeA, "STRANGER"));

        Assert.Contains("Calling AE Title Not Recognized", stranger.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, echo.ExitCode);
        Assert.Equal(3, (int)rejected.Reject.Reason);
        Assert.False((await StudyAsync(NodeA, sent.StudyUid)).Exists);
    }

    [Fact]
    public async Task Given_a_stored_instance_When_it_is_resent_with_the_same_bytes_Then_success_and_one_catalog_event()
    {
        var sent = TestInstances.Write(fixture.Files, Uid("3", 1), Uid("3", 2), Uid("3", 3));
        var before = Cluster.TaggedInstanceEvents();

        var first = await Dcmtk.StoreAsync(NodeA, "HOSP_A", sent.Path);
        var again = await Dcmtk.StoreAsync(Cluster.Nodes[1], "HOSP_A", sent.Path);

        Assert.True(first.Output.Contains("(Success)", StringComparison.Ordinal), first.Output);
        Assert.True(again.Output.Contains("(Success)", StringComparison.Ordinal), again.Output);
        Assert.Equal(before + 1, Cluster.TaggedInstanceEvents());
        Assert.Single(Assert.Single((await StudyAsync(NodeA, sent.StudyUid)).Series).Instances);
    }

    [Fact]
    public async Task Given_a_stored_instance_When_other_bytes_arrive_for_it_under_Reject_Then_0111H_and_the_first_version_stays()
    {
        var first = TestInstances.Write(fixture.Files, Uid("4", 1), Uid("4", 2), Uid("4", 3), seed: 1);
        var other = TestInstances.Write(fixture.Files, Uid("4", 1), Uid("4", 2), Uid("4", 3), seed: 2);
        Assert.Contains("(Success)", (await Dcmtk.StoreAsync(NodeA, "HOSP_A", first.Path)).Output, StringComparison.Ordinal);
        var kept = Assert.Single(Assert.Single((await StudyAsync(NodeA, first.StudyUid)).Series).Instances);

        await using var scu = await Scu.OpenAsync(NodeA);
        var response = await scu.StoreAsync(TestInstances.CtImageStorage, other.SopUid, DicomTransferSyntax.ExplicitVRLittleEndian.Uid, new MemoryStream(other.DataSet()));
        await scu.ReleaseAsync();

        Assert.Equal(0x0111, response.Status);
        Assert.False(string.IsNullOrEmpty(response.ErrorComment));
        Assert.Equal(kept, Assert.Single(Assert.Single((await StudyAsync(NodeA, first.StudyUid)).Series).Instances));
    }

    [Fact]
    public async Task Given_a_malformed_data_set_When_it_is_stored_Then_a_failure_status_and_nothing_recorded_or_left()
    {
        var good = TestInstances.Write(fixture.Files, Uid("5", 1), Uid("5", 2), Uid("5", 3)).DataSet();
        // The data set's first element claims a value longer than everything that follows.
        var malformed = good[..64].ToArray();
        BitConverter.GetBytes((ushort)0xFFF0).CopyTo(malformed, 6);
        var noPatient = TestInstances.Write(fixture.Files, Uid("5", 4), Uid("5", 5), Uid("5", 6), patientId: "").DataSet();
        // Blobs by name, not copies: earlier tests' third copies may still land meanwhile; a new name may not.
        var blobsBefore = BlobNames();

        await using var scu = await Scu.OpenAsync(NodeA);
        var unreadable = await scu.StoreAsync(TestInstances.CtImageStorage, Uid("5", 3), DicomTransferSyntax.ExplicitVRLittleEndian.Uid, new MemoryStream(malformed));
        var anonymous = await scu.StoreAsync(TestInstances.CtImageStorage, Uid("5", 6), DicomTransferSyntax.ExplicitVRLittleEndian.Uid, new MemoryStream(noPatient));
        await scu.ReleaseAsync();

        Assert.Equal(0xC000, unreadable.Status);
        Assert.Equal(0xC000, anonymous.Status);
        Assert.Contains("Patient ID", anonymous.ErrorComment, StringComparison.Ordinal);
        Assert.False((await StudyAsync(NodeA, Uid("5", 1))).Exists);
        Assert.False((await StudyAsync(NodeA, Uid("5", 4))).Exists);
        Assert.Empty(BlobNames().Except(blobsBefore));
        Assert.All(Cluster.Nodes, n => Assert.Equal(0, n.TemporaryFiles));
    }

    [Fact]
    public async Task Given_an_association_aborted_mid_store_Then_nothing_becomes_visible()
    {
        var sent = TestInstances.Write(fixture.Files, Uid("6", 1), Uid("6", 2), Uid("6", 3), pixelBytes: 2_000_000).DataSet();
        // Blobs by name, not copies: earlier tests' third copies may still land meanwhile; a new name may not.
        var blobsBefore = BlobNames();

        var scu = await Scu.OpenAsync(NodeA);
        await Assert.ThrowsAnyAsync<IOException>(() => scu.StoreAsync(
            TestInstances.CtImageStorage, Uid("6", 3), DicomTransferSyntax.ExplicitVRLittleEndian.Uid, new Scu.FailingStream(sent, 1_000_000)));
        await scu.AbortAsync();
        await scu.DisposeAsync();

        // The gateway saw the abort once its association is gone; then no blob, no temporary file, no catalog entry.
        await Eventually.Until(() => NodeA.Gateway.ActiveAssociations == 0, IngestTestCluster.Deadline, "the aborted association gone");
        Assert.Empty(BlobNames().Except(blobsBefore));
        Assert.All(Cluster.Nodes, n => Assert.Equal(0, n.TemporaryFiles));
        Assert.False((await StudyAsync(NodeA, Uid("6", 1))).Exists);
    }

    private HashSet<string> BlobNames() => [.. Cluster.Nodes.SelectMany(n => n.Store.Inventory().Select(b => b.Hash))];

    [Fact]
    public async Task Given_hospitals_of_two_sites_sending_patients_at_once_When_all_are_answered_Then_every_instance_is_catalogued_under_its_patient()
    {
        var fromA = Enumerable.Range(1, 4).Select(i => TestInstances.Write(fixture.Files, Uid("7", 1), Uid("7", 2), Uid("7", 10 + i), patientId: "MRN-7A", seed: i)).ToList();
        var fromB = Enumerable.Range(1, 4).Select(i => TestInstances.Write(fixture.Files, Uid("8", 1), Uid("8", 2), Uid("8", 10 + i), patientId: "MRN-7B", seed: 10 + i)).ToList();

        var runs = await Task.WhenAll(
            Dcmtk.StoreAsync(NodeA, "HOSP_A", [.. fromA.Select(f => f.Path)]),
            Dcmtk.StoreAsync(Cluster.Nodes[1], "HOSP_B", [.. fromB.Select(f => f.Path)]),
            Dcmtk.StoreAsync(Cluster.Nodes[2], "HOSP_A", [.. fromA.Select(f => f.Path)]));

        Assert.All(runs, r => Assert.Equal(4, r.Output.Split("(Success)").Length - 1));
        var studyA = await StudyAsync(NodeA, Uid("7", 1));
        var studyB = await NodeA.Studies.Ask<StudyView>(new GetStudy("b", Uid("8", 1)), TimeSpan.FromSeconds(10));
        Assert.Equal((4, "a"), (studyA.InstanceCount, studyA.HomeSite));
        Assert.Equal((4, "b"), (studyB.InstanceCount, studyB.HomeSite));
        Assert.NotEqual(studyA.PatientMasterId, studyB.PatientMasterId);
        // The same bytes from two gateways at once are one version each, never a conflict.
        Assert.All(studyA.Series.SelectMany(s => s.Instances), i => Assert.Empty(i.OlderHashes));
    }

    [Fact]
    public async Task Given_the_same_instance_sent_by_two_registered_hospital_AEs_Then_both_succeed_with_one_blob_and_one_catalog_event()
    {
        // One issuer in the data set, so both hospitals name the same patient.
        var sent = TestInstances.Write(fixture.Files, Uid("9", 1), Uid("9", 2), Uid("9", 3), patientId: "MRN-9", issuer: "SHARED");
        var before = Cluster.TaggedInstanceEvents();

        var fromA = await Dcmtk.StoreAsync(NodeA, "HOSP_A", sent.Path);
        var fromB = await Dcmtk.StoreAsync(NodeA, "HOSP_B", sent.Path);

        Assert.True(fromA.Output.Contains("(Success)", StringComparison.Ordinal), fromA.Output);
        Assert.True(fromB.Output.Contains("(Success)", StringComparison.Ordinal), fromB.Output);
        Assert.Equal(before + 1, Cluster.TaggedInstanceEvents());
        var instance = Assert.Single(Assert.Single((await StudyAsync(NodeA, sent.StudyUid)).Series).Instances);
        Assert.Empty(instance.OlderHashes);
        // The stored File Meta names neither the sender nor our release: (0002,0016) and (0002,0013) are absent.
        var meta = Peake.Ingest.Associations.ArchiveFileMeta.Build(TestInstances.CtImageStorage, sent.SopUid, DicomTransferSyntax.ExplicitVRLittleEndian.Uid);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([.. meta, .. sent.DataSet()])), instance.Hash);
        var group = meta.AsSpan(132).ToArray();
        Assert.DoesNotContain("HOSP_A", System.Text.Encoding.ASCII.GetString(group), StringComparison.Ordinal);
        Assert.Equal(-1, IndexOfTag(group, 0x0016));
        Assert.Equal(-1, IndexOfTag(group, 0x0013));
    }

    [Fact]
    public async Task Given_a_DX_for_presentation_instance_When_storescu_sends_it_Then_it_is_accepted_and_catalogued()
    {
        const string dxForPresentation = "1.2.840.10008.5.1.4.1.1.1.1";
        var sent = TestInstances.Write(fixture.Files, Uid("10", 1), Uid("10", 2), Uid("10", 3), patientId: "MRN-10",
            sopClass: dxForPresentation, extra: ds => ds.SetString(DicomTags.Modality, DicomVR.CS, "DX"));

        var run = await Dcmtk.StoreAsync(NodeA, "HOSP_A", sent.Path);

        Assert.True(run.ExitCode == 0 && run.Output.Contains("(Success)", StringComparison.Ordinal), run.Output);
        var instance = Assert.Single(Assert.Single((await StudyAsync(NodeA, sent.StudyUid)).Series).Instances);
        Assert.Equal(dxForPresentation, instance.SopClassUid);
    }

    [Fact]
    public async Task Given_an_instance_with_more_than_256_KiB_of_elements_before_its_study_uid_When_storescu_sends_it_Then_it_is_accepted()
    {
        var sent = TestInstances.Write(fixture.Files, Uid("11", 1), Uid("11", 2), Uid("11", 3), patientId: "MRN-11", extra: ds =>
        {
            // A vendor's private block (group 0009) and a Referenced Series Sequence listing a 3,000-image series,
            // both before the patient module and the study and series UIDs.
            ds.SetString(new DicomTag(0x0009, 0x0010), DicomVR.LO, "PEAKE TEST");
            ds.SetValues<byte>(new DicomTag(0x0009, 0x1001), DicomVR.OB, new byte[400_000]);
            var series = new DicomDataset();
            series.SetString(DicomTags.SeriesInstanceUID, DicomVR.UI, Uid("11", 4));
            series.Set(new DicomSequence(DicomTags.ReferencedImageSequence, Enumerable.Range(0, 3000).Select(i =>
            {
                var item = new DicomDataset();
                item.SetString(DicomTags.ReferencedSOPClassUID, DicomVR.UI, TestInstances.CtImageStorage);
                item.SetString(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, $"{Uid("11", 5)}.{i}");
                return item;
            }), undefinedLength: true));
            ds.Set(new DicomSequence(DicomTags.ReferencedSeriesSequence, [series], undefinedLength: true));
        });

        var run = await Dcmtk.StoreAsync(NodeA, "HOSP_A", sent.Path);

        Assert.True(run.ExitCode == 0 && run.Output.Contains("(Success)", StringComparison.Ordinal), run.Output);
        var instance = Assert.Single(Assert.Single((await StudyAsync(NodeA, sent.StudyUid)).Series).Instances);
        Assert.True(instance.Size > 600_000, $"{instance.Size} bytes");
    }

    // The offset of (0002,xxxx) in an Explicit VR Little Endian meta group, or -1.
    private static int IndexOfTag(byte[] group, ushort element)
    {
        for (var at = 0; at + 8 <= group.Length;)
        {
            if (BitConverter.ToUInt16(group, at + 2) == element)
                return at;
            var vr = System.Text.Encoding.ASCII.GetString(group, at + 4, 2);
            at += vr is "OB" or "UN" or "SQ" or "UT" ? 12 + (int)BitConverter.ToUInt32(group, at + 8) : 8 + BitConverter.ToUInt16(group, at + 6);
        }
        return -1;
    }
}
