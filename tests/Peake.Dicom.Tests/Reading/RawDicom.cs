using System.Buffers.Binary;
using System.Text;

namespace Peake.Dicom.Tests.Reading;

/// <summary>Builds raw DICOM bytes by hand, independent of the library's writer, so reader tests check against PS3.5 itself.</summary>
internal sealed class RawDicom
{
    private readonly MemoryStream _out = new();
    private readonly bool _bigEndian;

    public RawDicom(bool bigEndian = false) => _bigEndian = bigEndian;

    public RawDicom Tag(ushort group, ushort element)
    {
        U16(group);
        U16(element);
        return this;
    }

    public RawDicom U16(ushort v)
    {
        Span<byte> b = stackalloc byte[2];
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(b, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        }

        _out.Write(b);
        return this;
    }

    public RawDicom U32(uint v)
    {
        Span<byte> b = stackalloc byte[4];
        if (_bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        }

        _out.Write(b);
        return this;
    }

    public RawDicom Bytes(params byte[] bytes)
    {
        _out.Write(bytes);
        return this;
    }

    public RawDicom Ascii(string s) => Bytes(Encoding.ASCII.GetBytes(s));

    /// <summary>An explicit VR element with a short (16-bit) length.</summary>
    public RawDicom Explicit(ushort group, ushort element, string vr, byte[] value) =>
        Tag(group, element).Ascii(vr).U16((ushort)value.Length).Bytes(value);

    /// <summary>An explicit VR element with a long (reserved + 32-bit) length.</summary>
    public RawDicom ExplicitLong(ushort group, ushort element, string vr, byte[] value) =>
        Tag(group, element).Ascii(vr).U16(0).U32((uint)value.Length).Bytes(value);

    public RawDicom ExplicitString(ushort group, ushort element, string vr, string value) =>
        Explicit(group, element, vr, Encoding.ASCII.GetBytes(value));

    public RawDicom Implicit(ushort group, ushort element, byte[] value) => Tag(group, element).U32((uint)value.Length).Bytes(value);

    public byte[] ToArray() => _out.ToArray();

    /// <summary>A Part 10 file around data set bytes: zero preamble, DICM, minimal meta group.</summary>
    public static byte[] Part10(string transferSyntax, byte[] dataset)
    {
        var meta = new RawDicom();
        var ts = Encoding.ASCII.GetBytes(transferSyntax.Length % 2 == 1 ? transferSyntax + "\0" : transferSyntax);
        var group = new RawDicom()
            .ExplicitLong(0x0002, 0x0001, "OB", [0, 1])
            .Explicit(0x0002, 0x0010, "UI", ts)
            .ToArray();
        meta.Bytes(new byte[128]).Ascii("DICM").Explicit(0x0002, 0x0000, "UL", BitConverter.GetBytes((uint)group.Length)).Bytes(group).Bytes(dataset);
        return meta.ToArray();
    }
}
