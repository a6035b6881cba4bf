using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Server;

/// <summary>A C-GET requestor answering a C-STORE sub-operation with another message's id breaks PS3.7 9.3.1.2.</summary>
public sealed class GetSubOperationResponseTests(RetrieveArchive archive) : IClassFixture<RetrieveArchive>
{
    private const string ExplicitLe = "1.2.840.10008.1.2.1";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_C_STORE_RSP_naming_another_message_id_aborts_the_association()
    {
        using var peer = await RawPeer.ConnectAsync(archive.Server.Server.Port);
        await peer.SendAsync(new AssociateRequestPdu(
            TestServer.AeTitle,
            "GETSCU",
            [new PresentationContextRequest(1, CGetRequest.StudyRootSopClassUid, [ExplicitLe]), new PresentationContextRequest(3, RetrieveArchive.SecondaryCapture, [ExplicitLe])],
            new UserInformation(16384, "1.2.3", RoleSelections: [new RoleSelection(RetrieveArchive.SecondaryCapture, ScuRole: false, ScpRole: true)])));
        Assert.IsType<AssociateAcceptPdu>(await peer.ReceiveAsync(Bound));
        var keys = new DicomDataset();
        keys.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, "STUDY");
        keys.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, RetrieveArchive.Study("1"));
        await peer.SendAsync(new PDataTransferPdu([new PresentationDataValue(1, true, true, DimseCommandCodec.Encode(new CGetRequest(5, CGetRequest.StudyRootSopClassUid)))]));
        await peer.SendAsync(new PDataTransferPdu([new PresentationDataValue(1, false, true, DicomWriter.ToBytes(keys, DicomTransferSyntax.ExplicitVRLittleEndian))]));

        // The first sub-operation's C-STORE-RQ, then its data set up to the last fragment.
        var first = Assert.IsType<PDataTransferPdu>(await peer.ReceiveAsync(Bound)).Values.Single();
        var store = Assert.IsType<CStoreRequest>(DimseCommandCodec.Decode(first.Data));
        while (!Assert.IsType<PDataTransferPdu>(await peer.ReceiveAsync(Bound)).Values.Any(v => !v.IsCommand && v.IsLast))
        {
        }

        await peer.SendAsync(new PDataTransferPdu([new PresentationDataValue(3, true, true, DimseCommandCodec.Encode(
            new CStoreResponse((ushort)(store.MessageId + 100), store.AffectedSopClassUid, store.AffectedSopInstanceUid, DimseStatus.Success)))]));

        Assert.IsType<AbortPdu>(await peer.ReceiveAsync(Bound));
    }
}
