namespace Peake.Dicom.Network.Pdu;

/// <summary>
/// A-ASSOCIATE-AC (PS3.8 9.3.3). The AE title fields echo the request's and are not tested on receipt.
/// </summary>
public sealed record AssociateAcceptPdu(
    string CalledAeTitle,
    string CallingAeTitle,
    IReadOnlyList<PresentationContextAccept> PresentationContexts,
    UserInformation UserInformation,
    string ApplicationContextName = ApplicationContext.DicomApplicationContextName,
    ushort ProtocolVersion = 1) : DicomPdu
{
    public override PduType Type => PduType.AssociateAccept;
}
