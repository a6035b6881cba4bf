using System.Buffers.Binary;
using System.Text;

namespace Peake.Cli.Dicom;

/// <summary>
/// What a C-STORE needs from a Part 10 file, read from its file meta group alone (PS3.10 7.1): the SOP class and
/// instance, the transfer syntax, and where the data set starts, so the data set is sent as the file holds it,
/// byte for byte, without being parsed or re-encoded.
/// </summary>
internal sealed record StoreFile(string Path, string SopClassUid, string SopInstanceUid, string TransferSyntaxUid, long DataSetOffset)
{
    private const int MaxMetaLength = 64 * 1024;

    /// <summary>The file's header, or the reason it cannot be sent.</summary>
    public static (StoreFile? File, string? Problem) Read(string path)
    {
        byte[] head;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1))
        {
            head = new byte[(int)Math.Min(stream.Length, 132 + MaxMetaLength)];
            stream.ReadExactly(head);
        }

        if (head.Length < 132 || !head.AsSpan(128, 4).SequenceEqual("DICM"u8))
        {
            return (null, "not a DICOM Part 10 file (no preamble and \"DICM\")");
        }

        // The meta group is explicit VR little endian (PS3.10 7.1); read elements while the group is 0002.
        string? sopClass = null, sopInstance = null, syntax = null;
        var offset = 132;
        while (offset + 8 <= head.Length && BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(offset)) == 0x0002)
        {
            var element = BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(offset + 2));
            var vr = Encoding.ASCII.GetString(head, offset + 4, 2);
            int header;
            long length;
            if (vr is "OB" or "OW" or "OF" or "SQ" or "UT" or "UN" or "UC" or "UR" or "OD" or "OL" or "OV")
            {
                if (offset + 12 > head.Length)
                {
                    break;
                }

                header = 12;
                length = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(offset + 8));
            }
            else
            {
                header = 8;
                length = BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(offset + 6));
            }

            if (offset + header + length > head.Length)
            {
                return (null, "file meta group runs past the end of the file or is implausibly long");
            }

            var value = Encoding.ASCII.GetString(head, offset + header, (int)length).TrimEnd('\0', ' ');
            switch (element)
            {
                case 0x0002: sopClass = value; break;
                case 0x0003: sopInstance = value; break;
                case 0x0010: syntax = value; break;
            }

            offset += header + (int)length;
        }

        return (sopClass, sopInstance, syntax) switch
        {
            ({ Length: > 0 } c, { Length: > 0 } i, { Length: > 0 } t) => (new StoreFile(path, c, i, t, offset), null),
            _ => (null, "file meta group lacks the SOP class, SOP instance or transfer syntax UID (0002,0002/0003/0010)"),
        };
    }
}
