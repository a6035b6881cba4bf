using System.Buffers.Binary;
using System.Text;

namespace Peake.Dicom.Network.Pdu;

/// <summary>
/// SOP Class Extended Negotiation sub-item (PS3.7 D.3.3.5, item type 56H): a SOP class UID and its service class
/// application information, whose meaning the service class defines (for Query/Retrieve FIND: PS3.4 C.5.1.1.2).
/// </summary>
public sealed record SopClassExtendedNegotiation(string SopClassUid, ReadOnlyMemory<byte> ApplicationInformation)
{
    public const byte ItemType = 0x56;

    /// <summary>Reads a raw 56H sub-item; null when it is of another type or malformed (then it is ignored, D.3.3).</summary>
    public static SopClassExtendedNegotiation? From(RawSubItem raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var value = raw.Value.Span;
        if (raw.ItemType != ItemType || value.Length < 2)
        {
            return null;
        }

        var uidLength = BinaryPrimitives.ReadUInt16BigEndian(value);
        if (uidLength is 0 or > 64 || value.Length < 2 + uidLength)
        {
            return null;
        }

        var uid = Encoding.ASCII.GetString(value.Slice(2, uidLength)).TrimEnd('\0', ' ');
        return new SopClassExtendedNegotiation(uid, raw.Value[(2 + uidLength)..]);
    }

    public RawSubItem ToRawSubItem()
    {
        var uid = Encoding.ASCII.GetBytes(SopClassUid);
        var value = new byte[2 + uid.Length + ApplicationInformation.Length];
        BinaryPrimitives.WriteUInt16BigEndian(value, (ushort)uid.Length);
        uid.CopyTo(value, 2);
        ApplicationInformation.Span.CopyTo(value.AsSpan(2 + uid.Length));
        return new RawSubItem(ItemType, value);
    }
}
