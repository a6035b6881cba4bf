using System.Buffers.Binary;
using System.Text;

namespace Peake.Dicom.Network.Pdu;

/// <summary>
/// Reads big-endian fields from a PDU body. Every read is bounds-checked and a short read throws
/// <see cref="DicomNetworkProtocolException"/> naming what was being read, so a lying length can never index past the PDU.
/// </summary>
internal ref struct PduSpanReader
{
    private readonly ReadOnlySpan<byte> _span;

    public PduSpanReader(ReadOnlySpan<byte> span)
    {
        _span = span;
        Position = 0;
    }

    public int Position { get; private set; }

    public readonly int Remaining => _span.Length - Position;

    public byte Byte(string what) => Take(1, what)[0];

    public ushort UInt16(string what) => BinaryPrimitives.ReadUInt16BigEndian(Take(2, what));

    public uint UInt32(string what) => BinaryPrimitives.ReadUInt32BigEndian(Take(4, what));

    public void Skip(int count, string what) => Take(count, what);

    public ReadOnlySpan<byte> Take(int count, string what)
    {
        if (count < 0 || count > Remaining)
        {
            throw new DicomNetworkProtocolException(
                AbortReason.InvalidPduParameterValue,
                $"{what}: needs {count} bytes at offset {Position} but only {Remaining} remain");
        }
        var slice = _span.Slice(Position, count);
        Position += count;
        return slice;
    }

    /// <summary>
    /// A UID value (PS3.8 Annex F: not padded, but a trailing NUL as in PS3.5 is tolerated). Only the length and the
    /// character set are checked here; whether it names a known syntax is negotiation's business.
    /// </summary>
    public static string Uid(ReadOnlySpan<byte> value, string what) =>
        TryUid(value, out var uid, out var problem)
            ? uid
            : throw new DicomNetworkProtocolException(AbortReason.InvalidPduParameterValue, $"{what}: {problem}");

    public static bool TryUid(ReadOnlySpan<byte> value, out string uid, out string? problem)
    {
        uid = "";
        if (value.Length > 0 && value[^1] == 0)
        {
            value = value[..^1];
        }
        if (value.Length is 0 or > Peake.Dicom.DicomUid.MaxLength)
        {
            problem = $"a UID of {value.Length} bytes";
            return false;
        }
        foreach (var b in value)
        {
            if (b is not ((>= (byte)'0' and <= (byte)'9') or (byte)'.'))
            {
                problem = $"a UID holding byte 0x{b:X2}";
                return false;
            }
        }
        uid = Encoding.ASCII.GetString(value);
        problem = null;
        return true;
    }
}
