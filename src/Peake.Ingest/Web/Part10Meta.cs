using System.Buffers.Binary;
using System.Text;

namespace Peake.Ingest.Web;

/// <summary>
/// The File Meta group of a Part 10 file arriving as a stream (PS3.10 7.1: preamble, "DICM", group 0002 in explicit
/// VR little endian): the three UIDs the archive names the instance by, read element by element without trusting
/// (0002,0000). The bytes read past the group (the first element header of the data set) come back as
/// <see cref="DataSetStart"/>, so the data set is stored exactly as sent.
/// </summary>
internal sealed record Part10Meta(string SopClassUid, string SopInstanceUid, string TransferSyntaxUid, byte[] DataSetStart)
{
    private const int MaxValueLength = 64 * 1024;
    private const int MaxGroupLength = 1024 * 1024;

    /// <exception cref="InvalidDataException">Not a Part 10 file, or its meta group is damaged or lacks a UID.</exception>
    public static async Task<Part10Meta> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new byte[132];
        if (await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken) < head.Length
            || !head.AsSpan(128).SequenceEqual("DICM"u8))
        {
            throw new InvalidDataException("not a DICOM Part 10 file (no \"DICM\" after the 128-byte preamble)");
        }
        string? sopClass = null, sopInstance = null, syntax = null;
        var total = 0;
        var header = new byte[8];
        while (true)
        {
            var read = await stream.ReadAtLeastAsync(header, 8, throwOnEndOfStream: false, cancellationToken);
            if (read < 8 || BinaryPrimitives.ReadUInt16LittleEndian(header) != 0x0002)
            {
                // The data set's first bytes (or a file that ends after its meta group).
                return new Part10Meta(
                    Require(sopClass, "Media Storage SOP Class UID (0002,0002)"),
                    Require(sopInstance, "Media Storage SOP Instance UID (0002,0003)"),
                    Require(syntax, "Transfer Syntax UID (0002,0010)"),
                    header[..read]);
            }
            var element = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(2));
            var vr = Encoding.ASCII.GetString(header, 4, 2);
            long length;
            if (vr is "OB" or "OW" or "OF" or "OD" or "OL" or "OV" or "SQ" or "UC" or "UN" or "UR" or "UT" or "SV" or "UV")
            {
                var more = new byte[4];
                await stream.ReadExactlyAsync(more, cancellationToken);
                length = BinaryPrimitives.ReadUInt32LittleEndian(more);
            }
            else
            {
                length = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(6));
            }
            total += 12 + (int)Math.Min(length, MaxGroupLength);
            if (length > MaxValueLength || total > MaxGroupLength)
                throw new InvalidDataException($"File Meta element (0002,{element:X4}) of {length} bytes is implausible");
            var value = new byte[length];
            await stream.ReadExactlyAsync(value, cancellationToken);
            var text = Encoding.ASCII.GetString(value).TrimEnd('\0', ' ');
            switch (element)
            {
                case 0x0002: sopClass = text; break;
                case 0x0003: sopInstance = text; break;
                case 0x0010: syntax = text; break;
            }
        }
    }

    private static string Require(string? uid, string what) =>
        string.IsNullOrEmpty(uid) ? throw new InvalidDataException($"the File Meta group has no {what}") : uid;
}
