namespace Peake.Dicom.Network.Pdu;

/// <summary>P-DATA-TF (PS3.8 9.3.5): one or more presentation data values.</summary>
public sealed record PDataTransferPdu(IReadOnlyList<PresentationDataValue> Values) : DicomPdu
{
    public override PduType Type => PduType.DataTransfer;
}
