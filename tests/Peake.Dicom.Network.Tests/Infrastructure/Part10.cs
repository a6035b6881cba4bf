using System.Buffers.Binary;
using System.Text;

namespace Peake.Dicom.Network.Tests.Infrastructure;

/// <summary>Splits a Part 10 file into its meta group values and its data set bytes (PS3.10 7.1).</summary>
internal static class Part10
{
    public static byte[] DataSetBytes(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return bytes.AsSpan(DataSetOffset(bytes)).ToArray();
    }

    /// <summary>
    /// The data set as it travels on the network: a deflated data set of odd length gains one 00H (dcmtk refuses
    /// odd fragments and pads what it sends; so does our client).
    /// </summary>
    public static byte[] DataSetBytesOnWire(string path)
    {
        var bytes = DataSetBytes(path);
        return TransferSyntax(path) == "1.2.840.10008.1.2.1.99" && bytes.Length % 2 == 1 ? [.. bytes, 0] : bytes;
    }

    public static string TransferSyntax(string path) => MetaString(File.ReadAllBytes(path), 0x0010);

    public static string SopInstanceUid(string path) => MetaString(File.ReadAllBytes(path), 0x0003);

    public static string SopClassUid(string path) => MetaString(File.ReadAllBytes(path), 0x0002);

    private static int DataSetOffset(byte[] bytes)
    {
        Assert.Equal("DICM", Encoding.ASCII.GetString(bytes, 128, 4));
        // (0002,0000) UL is the first element: 8 bytes of tag/VR/length, then the group's length.
        return 132 + 12 + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(132 + 8));
    }

    private static string MetaString(byte[] bytes, ushort element)
    {
        var end = DataSetOffset(bytes);
        var offset = 132;
        while (offset < end)
        {
            var el = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset + 2));
            var vr = Encoding.ASCII.GetString(bytes, offset + 4, 2);
            int length, header;
            if (vr is "OB" or "OW" or "UN" or "SQ" or "UT")
            {
                length = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 8));
                header = 12;
            }
            else
            {
                length = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset + 6));
                header = 8;
            }
            if (el == element)
            {
                return Encoding.ASCII.GetString(bytes, offset + header, length).TrimEnd('\0', ' ');
            }
            offset += header + length;
        }
        throw new InvalidOperationException($"(0002,{element:X4}) not in the meta group");
    }
}
