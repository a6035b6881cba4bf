using System.Collections.Concurrent;
using System.Globalization;
using Peake.Dicom.Network.Client;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Server;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Client;

/// <summary><see cref="DicomClientAssociation.GetAsync"/> against dcmtk's dcmqrscp (PS3.4 C.4.3).</summary>
public sealed class GetClientTests
{
    private const string Root = "1.2.826.0.1.3680043.99.11";
    private const string Study = Root + ".1";

    [Fact]
    public async Task Get_from_dcmqrscp_streams_each_sub_operation_into_the_store_and_answers_it()
    {
        using var work = new WorkFolder();
        // 40 KB of private bytes: more than one 16 KB PDV, so the data set must arrive in pieces.
        var blob = string.Join('\\', Enumerable.Range(0, 40_000).Select(i => (i % 251).ToString("x2", CultureInfo.InvariantCulture)));
        string[] sources =
        [
            await RetrieveSources.MakeAsync(work.Path, $"{Root}.3.1", Study, $"{Root}.2.1", "+te", $"(0029,0010) LO [PEAKE TEST]\n(0029,1001) OB {blob}\n"),
            await RetrieveSources.MakeAsync(work.Path, $"{Root}.3.2", Study, $"{Root}.2.1", "+te"),
        ];
        using var qrscp = await Dcmqrscp.StartAsync(work.Path);
        var port = qrscp.Port.ToString(CultureInfo.InvariantCulture);
        var stored = await PeerProcess.RunAsync("storescu", ["-aec", Dcmqrscp.AeTitle, "-to", "10", "-ta", "10", "-td", "10", "127.0.0.1", port, .. sources], TimeSpan.FromSeconds(60));
        Assert.True(stored.ExitCode == 0, $"{stored}\n{qrscp.Output}");

        var store = new RecordingStoreHandler(new FolderStore(Path.Combine(work.Path, "got")));
        var pendings = new ConcurrentQueue<CGetResponse>();
        var request = new AssociationRequest
        {
            CallingAeTitle = "PEAKE_GET",
            CalledAeTitle = Dcmqrscp.AeTitle,
            PresentationContexts =
            [
                new PresentationContextRequest(1, CGetRequest.StudyRootSopClassUid, ["1.2.840.10008.1.2.1"]),
                new PresentationContextRequest(3, RetrieveSources.SecondaryCapture, ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2"]),
            ],
            RoleSelections = [new RoleSelection(RetrieveSources.SecondaryCapture, ScuRole: false, ScpRole: true)],
            MaxReceivePduLength = 16384,
            ResponseTimeout = TimeSpan.FromSeconds(20),
        };
        var identifier = new DicomDataset();
        identifier.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, "STUDY");
        identifier.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, Study);

        CGetResponse final;
        await using (var association = await DicomClientAssociation.OpenAsync("127.0.0.1", qrscp.Port, request))
        {
            final = await association.GetAsync(CGetRequest.StudyRootSopClassUid, identifier, store, pendings.Enqueue);
            await association.ReleaseAsync();
        }

        Assert.True(final.Status == CGetStatus.Success, $"0x{final.Status:X4}\n{qrscp.Output}");
        Assert.Equal(((ushort?)2, (ushort?)0), (final.Completed, final.Failed));
        Assert.Empty(final.FailedSopInstanceUids);
        Assert.NotEmpty(pendings);
        RetrieveSources.AssertSameDataSets(sources, Directory.GetFiles(Path.Combine(work.Path, "got"), "*.dcm"));
        // PDV by PDV: at least three pieces for the 40 KB data set, none over what one 16 KB PDU holds.
        Assert.True(store.FragmentSizes.Count >= 4, string.Join(",", store.FragmentSizes));
        Assert.All(store.FragmentSizes, size => Assert.InRange(size, 1, 16384 - 6));
    }

    [Fact]
    public async Task A_sub_operation_whose_SOP_class_differs_from_its_context_is_answered_0122_and_nothing_is_stored()
    {
        using var work = new WorkFolder();
        using var scp = new ScriptedGetScp();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var script = scp.RunAsync($"{Root}.3.9", deadline.Token);
        var got = Path.Combine(work.Path, "got");
        var request = new AssociationRequest
        {
            CallingAeTitle = "PEAKE_GET",
            CalledAeTitle = "SCRIPTED",
            PresentationContexts =
            [
                new PresentationContextRequest(1, CGetRequest.StudyRootSopClassUid, ["1.2.840.10008.1.2.1"]),
                new PresentationContextRequest(3, RetrieveSources.SecondaryCapture, ["1.2.840.10008.1.2.1"]),
            ],
            RoleSelections = [new RoleSelection(RetrieveSources.SecondaryCapture, ScuRole: false, ScpRole: true)],
            ResponseTimeout = TimeSpan.FromSeconds(20),
        };
        var identifier = new DicomDataset();
        identifier.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, "STUDY");
        identifier.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, Study);

        CGetResponse final;
        await using (var association = await DicomClientAssociation.OpenAsync("127.0.0.1", scp.Port, request, deadline.Token))
        {
            final = await association.GetAsync(CGetRequest.StudyRootSopClassUid, identifier, new FolderStore(got), cancellationToken: deadline.Token);
            await association.ReleaseAsync(deadline.Token);
        }
        var storeResponse = await script;

        // PS3.7 C.5.4: 0122H, SOP class not supported on that context.
        Assert.Equal(DimseStatus.SopClassNotSupported, storeResponse.Status);
        Assert.Equal(($"{Root}.3.9", ScriptedGetScp.CtImageStorage), (storeResponse.AffectedSopInstanceUid, storeResponse.AffectedSopClassUid));
        Assert.Empty(Directory.GetFiles(got));
        Assert.Equal(CGetStatus.UnableToPerformSubOperations, final.Status);
        Assert.Equal([$"{Root}.3.9"], final.FailedSopInstanceUids);
    }
}
