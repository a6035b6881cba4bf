namespace Peake.Dicom.Network.Pdu;

/// <summary>PS3.8 Table 9-18, Result/Reason of a presentation context in an A-ASSOCIATE-AC.</summary>
public enum PresentationContextResult : byte
{
    Acceptance = 0,
    UserRejection = 1,
    NoReason = 2,
    AbstractSyntaxNotSupported = 3,
    TransferSyntaxesNotSupported = 4,
}
