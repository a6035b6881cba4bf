namespace Peake.Dicom.Network.Pdu;

/// <summary>A-ABORT (PS3.8 9.3.8). The reason is only significant when the source is the service provider.</summary>
public sealed record AbortPdu(AbortSource Source, AbortReason Reason) : DicomPdu
{
    public override PduType Type => PduType.Abort;
}
