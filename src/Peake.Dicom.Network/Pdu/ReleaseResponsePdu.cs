namespace Peake.Dicom.Network.Pdu;

/// <summary>A-RELEASE-RP (PS3.8 9.3.7): no parameters, four reserved bytes.</summary>
public sealed record ReleaseResponsePdu : DicomPdu
{
    public static ReleaseResponsePdu Instance { get; } = new();

    public override PduType Type => PduType.ReleaseResponse;
}
