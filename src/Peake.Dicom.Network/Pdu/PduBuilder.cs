using System.Buffers.Binary;
using System.Text;

namespace Peake.Dicom.Network.Pdu;

/// <summary>
/// A growable big-endian byte buffer with back-patched length fields: PS3.8 9.3.1 encodes every PDU field big endian
/// and every item carries its own length ahead of its content.
/// </summary>
internal sealed class PduBuilder
{
    private byte[] _buffer;

    public PduBuilder(int capacity = 256)
    {
        _buffer = new byte[capacity];
    }

    public int Length { get; private set; }

    public void Byte(byte value) => Reserve(1)[0] = value;

    public void UInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Reserve(2), value);

    public void UInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Reserve(4), value);

    public void Zeros(int count) => Reserve(count).Clear();

    public void Bytes(ReadOnlySpan<byte> value) => value.CopyTo(Reserve(value.Length));

    public void Ascii(string value)
    {
        foreach (var c in value)
        {
            if (c > '~')
            {
                throw new ArgumentException($"'{value}' is not ASCII", nameof(value));
            }
        }
        Encoding.ASCII.GetBytes(value, Reserve(value.Length));
    }

    public void AeTitle(string title) => Network.Pdu.AeTitle.Write(Reserve(Network.Pdu.AeTitle.Length), title);

    /// <summary>Starts a field whose length is patched by <see cref="EndUInt16Length"/>.</summary>
    public int BeginUInt16Length()
    {
        Reserve(2);
        return Length;
    }

    public void EndUInt16Length(int start)
    {
        var length = Length - start;
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException($"an item of {length} bytes does not fit a 16-bit length (PS3.8 9.3)");
        }
        BinaryPrimitives.WriteUInt16BigEndian(_buffer.AsSpan(start - 2), (ushort)length);
    }

    public int BeginUInt32Length()
    {
        Reserve(4);
        return Length;
    }

    public void EndUInt32Length(int start) =>
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(start - 4), (uint)(Length - start));

    /// <summary>An item of PS3.8 9.3.2.x: type, reserved byte, 16-bit length, ASCII value.</summary>
    public void AsciiItem(byte type, string value)
    {
        Byte(type);
        Byte(0);
        var start = BeginUInt16Length();
        Ascii(value);
        EndUInt16Length(start);
    }

    public byte[] ToArray() => _buffer.AsSpan(0, Length).ToArray();

    private Span<byte> Reserve(int count)
    {
        if (Length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + count));
        }
        var span = _buffer.AsSpan(Length, count);
        Length += count;
        return span;
    }
}
