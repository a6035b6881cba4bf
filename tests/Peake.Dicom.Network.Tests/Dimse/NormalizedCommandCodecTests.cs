using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.StorageCommitment;

namespace Peake.Dicom.Network.Tests.Dimse;

/// <summary>N-ACTION and N-EVENT-REPORT command sets (PS3.7 10.3.4, 10.3.1).</summary>
public sealed class NormalizedCommandCodecTests
{
    [Fact]
    public void Every_N_message_round_trips()
    {
        DimseMessage[] messages =
        [
            new NActionRequest(3, StorageCommitmentSop.SopClassUid, StorageCommitmentSop.SopInstanceUid, 1),
            new NActionRequest(4, StorageCommitmentSop.SopClassUid, StorageCommitmentSop.SopInstanceUid, 2, HasActionInformation: false),
            new NActionResponse(3, 0x0000, StorageCommitmentSop.SopClassUid, StorageCommitmentSop.SopInstanceUid, 1),
            new NActionResponse(4, 0x0123, null, null, null, ErrorComment: "no such action"),
            new NEventReportRequest(1, StorageCommitmentSop.SopClassUid, StorageCommitmentSop.SopInstanceUid, 2),
            new NEventReportResponse(1, 0x0000, StorageCommitmentSop.SopClassUid, StorageCommitmentSop.SopInstanceUid, 2),
            new NEventReportResponse(2, 0x0211, null, null, null),
        ];

        foreach (var message in messages)
        {
            Assert.Equal(message, DimseCommandCodec.Decode(DimseCommandCodec.Encode(message)));
        }
    }

    [Fact]
    public void N_ACTION_RQ_names_its_target_with_the_requested_UIDs_and_carries_the_action_type()
    {
        var bytes = DimseCommandCodec.Encode(new NActionRequest(9, StorageCommitmentSop.SopClassUid, StorageCommitmentSop.SopInstanceUid, 1));
        using var stream = new MemoryStream(bytes);
        var ds = DicomReader.ReadDataset(stream, DicomTransferSyntax.ImplicitVRLittleEndian);

        Assert.Equal(StorageCommitmentSop.SopClassUid, ds.GetString(DicomTags.RequestedSOPClassUID));
        Assert.Equal(StorageCommitmentSop.SopInstanceUid, ds.GetString(DicomTags.RequestedSOPInstanceUID));
        Assert.Equal([(ushort)1], ds.GetValues<ushort>(DicomTags.ActionTypeID));
        Assert.Equal([(ushort)0x0130], ds.GetValues<ushort>(DicomTags.CommandField));
        Assert.False(ds.Contains(DicomTags.AffectedSOPClassUID));
    }

    [Fact]
    public void An_N_ACTION_RQ_without_its_action_type_is_a_protocol_violation()
    {
        var ds = new DicomDataset();
        ds.SetValues<uint>(DicomTags.CommandGroupLength, DicomVR.UL, 0);
        ds.SetString(DicomTags.RequestedSOPClassUID, DicomVR.UI, StorageCommitmentSop.SopClassUid);
        ds.SetValues(DicomTags.CommandField, DicomVR.US, (ushort)0x0130);
        ds.SetValues(DicomTags.MessageID, DicomVR.US, (ushort)1);
        ds.SetValues(DicomTags.CommandDataSetType, DicomVR.US, (ushort)0x0101);
        ds.SetString(DicomTags.RequestedSOPInstanceUID, DicomVR.UI, StorageCommitmentSop.SopInstanceUid);

        Assert.Throws<DicomNetworkProtocolException>(() => DimseCommandCodec.Decode(DicomWriter.ToBytes(ds, DicomTransferSyntax.ImplicitVRLittleEndian)));
    }
}
