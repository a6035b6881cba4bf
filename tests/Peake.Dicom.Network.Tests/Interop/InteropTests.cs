using Peake.Dicom.Network.Client;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Server;
using Peake.Dicom.Network.Tests.Cli;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Interop;

/// <summary>
/// Our client (the API and the `peake dicom` commands) against a third-party archive: store, find at every level of
/// both query models, move to our SCP and to dcmtk's storescp, and get. The subclasses pick the archive.
/// </summary>
public abstract class InteropTests<TArchive>(TArchive archive)
    where TArchive : InteropArchive
{
    private const string ExplicitLe = "1.2.840.10008.1.2.1";

    public static TheoryData<string> FindCases => [.. FindCase.All.Keys];

    protected TArchive Archive { get; } = archive;

    [Fact]
    public async Task Store_with_our_client_and_cli_keeps_every_data_set_byte_identical_in_the_archive()
    {
        Assert.All(Archive.ApiStores.Values, r => Assert.Equal(DimseStatus.Success, r.Status));
        Assert.True(Archive.CliStore.ExitCode == 0, Archive.CliStore.ToString());
        Assert.Contains("4 stored, 0 failed", Archive.CliStore.StandardOutput, StringComparison.Ordinal);

        Assert.Equal(Archive.Corpus.Instances.Count, await Archive.HeldInstanceCountAsync());
        var copy = Path.Combine(Archive.Corpus.Directory, "stored-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (var instance in Archive.Corpus.Instances)
            {
                Assert.True(await Archive.CopyStoredFileAsync(instance.SopInstanceUid, copy), $"{instance.SopInstanceUid} is not in the archive\n{Archive.PeerOutput}");
                Assert.Equal(instance.TransferSyntax, Part10.TransferSyntax(copy));
                Assert.True(await Archive.HoldsAsSentAsync(instance, copy), $"{instance.SopInstanceUid} ({instance.TransferSyntax}) differs from what was sent");
            }
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [Theory]
    [MemberData(nameof(FindCases))]
    public async Task Find_with_our_client_returns_exactly_the_expected_matches(string name)
    {
        var query = FindCase.All[name];
        var identifier = new DicomDataset();
        identifier.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, query.Level);
        foreach (var (keyword, value) in query.Keys)
        {
            var entry = DicomDictionary.Lookup(keyword)!;
            identifier.SetString(entry.Tag, entry.VRs[0], value);
        }

        var matches = new List<DicomDataset>();
        CFindResponse final;
        await using (var association = await Archive.OpenAsync([new PresentationContextRequest(1, query.SopClass, [ExplicitLe])]))
        {
            final = await association.FindAsync(query.SopClass, identifier, matches.Add);
            await association.ReleaseAsync();
        }

        Assert.Equal(DimseStatus.Success, final.Status);
        var expected = query.Expected(Archive.Corpus.Instances);
        var found = matches.Select(m => m.GetString(DicomDictionary.Lookup(query.UniqueKey)!.Tag)?.TrimEnd(' ', '\0') ?? "").ToList();
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
        // Every return key holds the matched entity's value (a peer may add attributes; those are not judged).
        foreach (var match in matches)
        {
            var entity = expected[match.GetString(DicomDictionary.Lookup(query.UniqueKey)!.Tag)!.TrimEnd(' ', '\0')];
            foreach (var keyword in query.Keys.Keys)
            {
                Assert.Equal(FindCase.Value(entity, keyword), match.GetString(DicomDictionary.Lookup(keyword)!.Tag)?.TrimEnd(' ', '\0'));
            }
        }
    }

    [Fact]
    public async Task Find_with_the_cli_prints_the_series_of_one_study_and_counts_them()
    {
        var result = await PeakeProcess.RunAsync(
        [
            "dicom", "find", "127.0.0.1", Archive.PortText, "--aet", InteropArchive.ClientAe, "--aec", Archive.CalledAe, "--model", "study", "--level", "SERIES",
            "-k", "StudyInstanceUID=" + InteropCorpus.StudyUid("A", 1), "-k", "SeriesInstanceUID",
        ]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"[{InteropCorpus.SeriesUid("A", 1, 1)}]", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"[{InteropCorpus.SeriesUid("A", 1, 2)}]", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain($"[{InteropCorpus.SeriesUid("A", 2, 1)}]", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("2 match(es)", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Move_of_a_study_with_the_cli_to_our_scp_delivers_its_data_sets_byte_identical()
    {
        var study = InteropCorpus.StudyUid("A", 1);
        var result = await PeakeProcess.RunAsync(
        [
            "dicom", "move", "127.0.0.1", Archive.PortText, "--aet", InteropArchive.ClientAe, "--aec", Archive.CalledAe,
            "--dest", InteropArchive.PeakeDestinationAe, "--model", "study", "--level", "STUDY", "-k", "StudyInstanceUID=" + study,
        ]);

        Assert.True(result.ExitCode == 0, $"{result}\n{Archive.PeerOutput}");
        Assert.Contains("3 completed, 0 failed", result.StandardOutput, StringComparison.Ordinal);
        AssertDelivered(Archive.Corpus.Instances.Where(i => i.StudyUid == study), Archive.PeakeDestination.Directory);
    }

    [Fact]
    public async Task Move_of_a_study_with_our_client_to_storescp_delivers_its_data_sets_byte_identical()
    {
        var identifier = new DicomDataset();
        identifier.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, "STUDY");
        identifier.SetString(DicomTags.PatientID, DicomVR.LO, InteropCorpus.PatientId("A"));
        identifier.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, InteropCorpus.StudyUid("A", 2));

        CMoveResponse final;
        await using (var association = await Archive.OpenAsync([new PresentationContextRequest(1, CMoveRequest.PatientRootSopClassUid, [ExplicitLe])]))
        {
            final = await association.MoveAsync(CMoveRequest.PatientRootSopClassUid, Storescp.AeTitle, identifier);
            await association.ReleaseAsync();
        }

        Assert.True(final.Status == DimseStatus.Success, $"status 0x{final.Status:X4} {final.ErrorComment}\n{Archive.PeerOutput}");
        Assert.Equal((ushort)1, final.Completed ?? 0);
        Assert.Equal((ushort)0, final.Failed ?? 0);
        AssertDelivered(Archive.Corpus.Instances.Where(i => i.StudyUid == InteropCorpus.StudyUid("A", 2)), Archive.StorescpDirectory);
    }

    [Fact]
    public async Task Get_of_a_series_with_the_cli_brings_back_its_data_sets_byte_identical()
    {
        var directory = Path.Combine(Archive.Corpus.Directory, "get-cli-" + Guid.NewGuid().ToString("N"));
        var series = InteropCorpus.SeriesUid("A", 1, 1);
        var result = await PeakeProcess.RunAsync(
        [
            "dicom", "get", "127.0.0.1", Archive.PortText, "--aet", InteropArchive.ClientAe, "--aec", Archive.CalledAe, "--dir", directory,
            "--model", "study", "--level", "SERIES", "-k", "StudyInstanceUID=" + InteropCorpus.StudyUid("A", 1), "-k", "SeriesInstanceUID=" + series,
        ]);

        Assert.True(result.ExitCode == 0, $"{result}\n{Archive.PeerOutput}");
        Assert.Contains("2 completed, 0 failed", result.StandardOutput, StringComparison.Ordinal);
        AssertDelivered(Archive.Corpus.Instances.Where(i => i.SeriesUid == series), directory);
    }

    [Fact]
    public async Task Get_of_a_study_with_our_client_brings_back_its_data_sets_byte_identical()
    {
        var directory = Path.Combine(Archive.Corpus.Directory, "get-api-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var identifier = new DicomDataset();
        identifier.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, "STUDY");
        identifier.SetString(DicomTags.PatientID, DicomVR.LO, InteropCorpus.PatientId("A"));
        identifier.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, InteropCorpus.StudyUid("A", 2));
        // PS3.4 C.4.3.3: the instances come back on this association, to us as SCP of the storage class.
        var request = new AssociationRequest
        {
            CallingAeTitle = InteropArchive.ClientAe,
            CalledAeTitle = Archive.CalledAe,
            PresentationContexts =
            [
                new PresentationContextRequest(1, CGetRequest.PatientRootSopClassUid, [ExplicitLe]),
                new PresentationContextRequest(3, StoreCorpus.SecondaryCapture, [ExplicitLe]),
            ],
            RoleSelections = [new RoleSelection(StoreCorpus.SecondaryCapture, ScuRole: false, ScpRole: true)],
            ResponseTimeout = TimeSpan.FromSeconds(30),
        };

        CGetResponse final;
        await using (var association = await DicomClientAssociation.OpenAsync("127.0.0.1", Archive.Port, request))
        {
            final = await association.GetAsync(CGetRequest.PatientRootSopClassUid, identifier, new FolderStore(directory));
            await association.ReleaseAsync();
        }

        Assert.True(final.Status == DimseStatus.Success, $"status 0x{final.Status:X4} {final.ErrorComment}\n{Archive.PeerOutput}");
        Assert.Equal((ushort)1, final.Completed ?? 0);
        Assert.Equal((ushort)0, final.Failed ?? 0);
        AssertDelivered(Archive.Corpus.Instances.Where(i => i.StudyUid == InteropCorpus.StudyUid("A", 2)), directory);
    }

    /// <summary>PS3.4 C.4.2.1.5: a move to an unknown AE fails (dcmqrscp says 0xA801, Orthanc 1.10 0xC000).</summary>
    [Fact]
    public async Task Move_to_an_AE_the_archive_does_not_know_fails_and_the_cli_exits_1()
    {
        var result = await PeakeProcess.RunAsync(
        [
            "dicom", "move", "127.0.0.1", Archive.PortText, "--aet", InteropArchive.ClientAe, "--aec", Archive.CalledAe,
            "--dest", "NOBODY", "--model", "study", "--level", "STUDY", "-k", "StudyInstanceUID=" + InteropCorpus.StudyUid("B", 1),
        ]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("ended C-MOVE with status 0x", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("0 completed", result.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>The folder holds exactly these instances (by SOP Instance UID in the meta header), each data set as sent.</summary>
    private static void AssertDelivered(IEnumerable<InteropInstance> expected, string directory)
    {
        var arrived = Directory.GetFiles(directory).Where(f => !Path.GetFileName(f).StartsWith('.')).ToDictionary(Part10.SopInstanceUid, f => f, StringComparer.Ordinal);
        var wanted = expected.ToList();
        Assert.Equal(wanted.Select(i => i.SopInstanceUid).Order(StringComparer.Ordinal), arrived.Keys.Order(StringComparer.Ordinal));
        foreach (var instance in wanted)
        {
            Assert.True(
                Part10.DataSetBytes(instance.Path).AsSpan().SequenceEqual(Part10.DataSetBytes(arrived[instance.SopInstanceUid])),
                $"{instance.SopInstanceUid} arrived different from the corpus file");
        }
    }
}
