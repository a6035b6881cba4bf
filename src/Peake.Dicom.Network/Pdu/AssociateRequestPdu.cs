namespace Peake.Dicom.Network.Pdu;

/// <summary>A-ASSOCIATE-RQ (PS3.8 9.3.2). AE titles are held trimmed; the codec pads them to 16 bytes.</summary>
public sealed record AssociateRequestPdu(
    string CalledAeTitle,
    string CallingAeTitle,
    IReadOnlyList<PresentationContextRequest> PresentationContexts,
    UserInformation UserInformation,
    string ApplicationContextName = ApplicationContext.DicomApplicationContextName,
    ushort ProtocolVersion = 1) : DicomPdu
{
    public override PduType Type => PduType.AssociateRequest;
}
