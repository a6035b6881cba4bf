using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Server;

/// <summary>C-FIND's end states seen from a raw peer: FE00H after a C-CANCEL-RQ, success after all matches.</summary>
public sealed class FindCancelTests
{
    private const string ImplicitLe = "1.2.840.10008.1.2";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_C_CANCEL_right_behind_the_query_ends_it_with_FE00_before_any_match_is_sent()
    {
        await using var server = StartWithInstances(300);
        using var peer = await AssociateAsync(server);

        await peer.SendAsync(new PDataTransferPdu(
        [
            new PresentationDataValue(1, true, true, DimseCommandCodec.Encode(new CFindRequest(9, CFindRequest.StudyRootSopClassUid))),
            new PresentationDataValue(1, false, true, StudyQuery()),
            new PresentationDataValue(1, true, true, DimseCommandCodec.Encode(new CCancelRequest(9))),
        ]));
        var (pending, final) = await ReceiveUntilFinalAsync(peer);

        Assert.Equal(0, pending);
        Assert.Equal(CFindStatus.Cancel, final.Status);
        Assert.Equal(9, final.MessageIdBeingRespondedTo);
    }

    [Fact]
    public async Task Without_a_cancel_every_match_is_sent_then_success()
    {
        await using var server = StartWithInstances(300);
        using var peer = await AssociateAsync(server);

        await peer.SendAsync(new PDataTransferPdu(
        [
            new PresentationDataValue(1, true, true, DimseCommandCodec.Encode(new CFindRequest(4, CFindRequest.StudyRootSopClassUid))),
            new PresentationDataValue(1, false, true, StudyQuery()),
        ]));
        var (pending, final) = await ReceiveUntilFinalAsync(peer);

        Assert.Equal(300, pending);
        Assert.Equal(CFindStatus.Success, final.Status);
    }

    private static TestServer StartWithInstances(int studies)
    {
        var server = TestServer.Start(
            syntaxes: new Dictionary<string, IReadOnlyList<string>> { [CFindRequest.StudyRootSopClassUid] = [ImplicitLe] },
            answerFind: true);
        for (var i = 0; i < studies; i++)
        {
            var ds = new DicomDataset();
            ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, $"1.2.3.{i}.1");
            ds.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, $"1.2.3.{i}");
            server.Store.Index.TryAdd(ds);
        }

        return server;
    }

    private static async Task<RawPeer> AssociateAsync(TestServer server)
    {
        var peer = await RawPeer.ConnectAsync(server.Server.Port);
        await peer.SendAsync(new AssociateRequestPdu(
            TestServer.AeTitle,
            "RAW",
            [new PresentationContextRequest(1, CFindRequest.StudyRootSopClassUid, [ImplicitLe])],
            new UserInformation(16384, "1.2.3")));
        Assert.IsType<AssociateAcceptPdu>(await peer.ReceiveAsync(Bound));
        return peer;
    }

    private static byte[] StudyQuery()
    {
        var id = new DicomDataset();
        id.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, "STUDY");
        id.Set(new DicomValueElement(DicomTags.StudyInstanceUID, DicomVR.UI, ReadOnlyMemory<byte>.Empty));
        return DicomWriter.ToBytes(id, DicomTransferSyntax.ImplicitVRLittleEndian);
    }

    private static async Task<(int Pending, CFindResponse Final)> ReceiveUntilFinalAsync(RawPeer peer)
    {
        var pending = 0;
        while (true)
        {
            var pdu = Assert.IsType<PDataTransferPdu>(await peer.ReceiveAsync(Bound));
            foreach (var pdv in pdu.Values.Where(v => v.IsCommand))
            {
                var response = Assert.IsType<CFindResponse>(DimseCommandCodec.Decode(pdv.Data));
                if (!DimseStatus.IsPending(response.Status))
                {
                    return (pending, response);
                }

                Assert.True(response.HasIdentifier);
                pending++;
            }
        }
    }
}
