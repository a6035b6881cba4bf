namespace Peake.Dicom.Network.Association;

/// <summary>A presentation context both sides agreed on: its id, abstract syntax and the one transfer syntax chosen.</summary>
public sealed record AcceptedPresentationContext(byte Id, string AbstractSyntax, string TransferSyntax);
