namespace Peake.Dicom.Network.Pdu;

/// <summary>A user information sub-item kept as received: its type byte and value (e.g. SOP class extended negotiation).</summary>
public sealed record RawSubItem(byte ItemType, ReadOnlyMemory<byte> Value);
