namespace Peake.Dicom.Network.Pdu;

/// <summary>
/// Presentation context item of an A-ASSOCIATE-AC (PS3.8 9.3.3.2). When <see cref="Result"/> is not acceptance the
/// transfer syntax is not significant and is not tested on receipt.
/// </summary>
public sealed record PresentationContextAccept(byte Id, PresentationContextResult Result, string TransferSyntax);
