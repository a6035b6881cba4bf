using System.Buffers.Binary;
using System.IO.Compression;

namespace Peake.Dicom.Interop.Tests.Acceptance;

/// <summary>
/// The data set bytes of a Part 10 file: what follows the file meta group (PS3.10 7.1), inflated when the syntax is
/// deflated (PS3.5 A.5: the data set, not the meta, is one raw deflate stream). Found by walking the meta group's
/// explicit VR little endian elements rather than trusting (0002,0000), which some real files lack or get wrong.
/// A file with no preamble and no meta group is all data set.
/// </summary>
internal static class Part10Bytes
{
    // PS3.5 7.1.2: these VRs have two reserved bytes and a 32-bit length in explicit VR.
    private static readonly string[] LongLengthVRs = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"];

    public static byte[] Dataset(string path, bool deflated)
    {
        var bytes = File.ReadAllBytes(path);
        var offset = DatasetStart(bytes);
        if (!deflated)
        {
            return bytes[offset..];
        }

        using var inflate = new DeflateStream(new MemoryStream(bytes, offset, bytes.Length - offset), CompressionMode.Decompress);
        using var inflated = new MemoryStream();
        inflate.CopyTo(inflated);
        return inflated.ToArray();
    }

    /// <summary>Where the data set starts: after the preamble, "DICM" and the meta group, when the file has them.</summary>
    public static int DatasetStart(string path) => DatasetStart(File.ReadAllBytes(path));

    private static int DatasetStart(byte[] bytes) =>
        SkipMetaGroup(bytes, bytes.Length >= 132 && bytes.AsSpan(128, 4).SequenceEqual("DICM"u8) ? 132 : 0);

    private static int SkipMetaGroup(byte[] bytes, int offset)
    {
        while (offset + 8 <= bytes.Length && BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset)) == 0x0002)
        {
            var vr = System.Text.Encoding.ASCII.GetString(bytes, offset + 4, 2);
            offset += LongLengthVRs.Contains(vr)
                ? 12 + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 8))
                : 8 + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset + 6));
        }

        return offset;
    }
}
