namespace Peake.Dicom.Network.Pdu;

/// <summary>A-RELEASE-RQ (PS3.8 9.3.6): no parameters, four reserved bytes.</summary>
public sealed record ReleaseRequestPdu : DicomPdu
{
    public static ReleaseRequestPdu Instance { get; } = new();

    public override PduType Type => PduType.ReleaseRequest;
}
