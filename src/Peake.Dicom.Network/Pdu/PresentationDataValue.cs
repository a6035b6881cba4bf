namespace Peake.Dicom.Network.Pdu;

/// <summary>
/// One PDV item (PS3.8 9.3.5.1, Annex E.2): a fragment of a DIMSE command or data set on one presentation context.
/// The message control header carries <see cref="IsCommand"/> (bit 0) and <see cref="IsLast"/> (bit 1).
/// </summary>
public sealed record PresentationDataValue(byte PresentationContextId, bool IsCommand, bool IsLast, ReadOnlyMemory<byte> Data);
