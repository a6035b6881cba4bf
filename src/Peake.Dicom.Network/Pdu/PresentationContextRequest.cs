namespace Peake.Dicom.Network.Pdu;

/// <summary>Presentation context item of an A-ASSOCIATE-RQ (PS3.8 9.3.2.2): an odd id, one abstract syntax, one or more transfer syntaxes.</summary>
public sealed record PresentationContextRequest(byte Id, string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes);
