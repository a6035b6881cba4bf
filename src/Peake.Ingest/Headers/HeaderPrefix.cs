using System.Buffers.Binary;
using System.IO.Compression;
using Peake.Dicom;

namespace Peake.Ingest.Headers;

/// <summary>
/// The first bytes of a data set as it streams by, kept up to a bound, and the header parsed from them. The data set
/// itself goes to disk; only this prefix is in memory (ARCHITECTURE data path 4). Everything the cluster needs lies
/// in groups 0008–0020, before any bulk data of an image; a data set longer than the bound (pixel data, a large
/// structure set) is cut at the last whole top-level element before the cut, found by walking element headers, so
/// the parser never sees a truncated value.
/// </summary>
internal sealed class HeaderPrefix(int capacity)
{
    /// <summary>Elements past this group are never needed for the header: the walk stops at the first one.</summary>
    private const ushort LastNeededGroup = 0x0020;

    private const uint UndefinedLength = 0xFFFFFFFF;

    private static readonly DicomReadOptions HeaderOnly = new() { StopAtPixelData = true, MaxElements = 100_000 };

    private readonly byte[] _buffer = new byte[capacity];
    private int _length;
    private long _total;

    /// <summary>Every byte of the data set seen so far, kept or not.</summary>
    public long Total => _total;

    public void Append(ReadOnlySpan<byte> fragment)
    {
        var room = _buffer.Length - _length;
        var take = Math.Min(room, fragment.Length);
        fragment[..take].CopyTo(_buffer.AsSpan(_length));
        _length += take;
        _total += fragment.Length;
    }

    /// <summary>The header, or why there is none (unparsable data, a missing or bad UID).</summary>
    public (InstanceHeader? Header, string? Error) Parse(string transferSyntaxUid)
    {
        if (_total == 0)
            return (null, "the C-STORE carried an empty data set (PS3.7 9.3.1.1)");
        var syntax = DicomTransferSyntax.Parse(transferSyntaxUid);
        try
        {
            var whole = _total == _length;
            byte[] bytes;
            int length;
            if (syntax.IsDeflated)
            {
                (bytes, length, whole) = Inflate(whole);
                syntax = DicomTransferSyntax.ExplicitVRLittleEndian;
            }
            else
            {
                (bytes, length) = (_buffer, _length);
            }
            // A complete data set is parsed as it is, so a malformed one is refused; a cut one up to its last whole element.
            var usable = whole ? length : WholeElements(bytes.AsSpan(0, length), syntax.IsExplicitVR, syntax.IsBigEndian);
            using var stream = new MemoryStream(bytes, 0, usable, writable: false);
            var dataset = DicomReader.ReadDataset(stream, syntax, HeaderOnly);
            var (header, error) = InstanceHeader.From(dataset);
            if (error is not null && !whole)
                error += $" (looked in the first {usable} bytes)";
            return (header, error);
        }
        catch (DicomParseException e)
        {
            return (null, $"unreadable data set: {e.Message}");
        }
    }

    // PS3.5 A.5: the whole data set after the meta group is deflated; the prefix inflates as far as it goes.
    private (byte[] Bytes, int Length, bool Whole) Inflate(bool whole)
    {
        var output = new byte[_buffer.Length * 4];
        var length = 0;
        try
        {
            // Raw deflate (RFC 1951), no zlib wrapper.
            using var inflater = new DeflateStream(new MemoryStream(_buffer, 0, _length, writable: false), CompressionMode.Decompress);
            int read;
            while (length < output.Length && (read = inflater.Read(output, length, output.Length - length)) > 0)
                length += read;
            // Stopped by the output bound with more to come: the inflated data set is cut.
            if (length == output.Length)
                whole = false;
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            // The deflate stream was cut with the prefix: use what came out.
            whole = false;
        }
        return (output, length, whole);
    }

    /// <summary>
    /// The length of the longest run of whole top-level elements at the start of <paramref name="data"/>, stopping
    /// before the first element past group 0020 (PS3.5 7.1: elements come in ascending tag order).
    /// </summary>
    internal static int WholeElements(ReadOnlySpan<byte> data, bool explicitVR, bool bigEndian)
    {
        var position = 0;
        while (true)
        {
            if (position + 8 > data.Length)
                return position;
            var group = U16(data, position, bigEndian);
            if (group > LastNeededGroup || group == 0xFFFE)
                return position;
            var end = SkipElement(data, position, explicitVR, bigEndian, depth: 0);
            if (end < 0)
                return position;
            position = end;
        }
    }

    // The offset just past the element at `position`, or -1 when it does not end within `data`.
    private static long SkipElementLong(ReadOnlySpan<byte> data, long position, bool explicitVR, bool bigEndian, int depth)
    {
        if (depth > 64 || position + 8 > data.Length)
            return -1;
        var p = (int)position;
        var group = U16(data, p, bigEndian);
        uint length;
        int header;
        if (group == 0xFFFE)
        {
            // Item, item delimitation, sequence delimitation: always a 4-byte length, no VR (PS3.5 7.5).
            (length, header) = (U32(data, p + 4, bigEndian), 8);
        }
        else if (explicitVR)
        {
            var vr = (char)data[p + 4] + "" + (char)data[p + 5];
            if (vr is "OB" or "OD" or "OF" or "OL" or "OV" or "OW" or "SQ" or "SV" or "UC" or "UN" or "UR" or "UT" or "UV")
            {
                if (p + 12 > data.Length)
                    return -1;
                (length, header) = (U32(data, p + 8, bigEndian), 12);
            }
            else
            {
                (length, header) = (U16(data, p + 6, bigEndian), 8);
            }
        }
        else
        {
            (length, header) = (U32(data, p + 4, bigEndian), 8);
        }
        var start = position + header;
        if (length != UndefinedLength)
        {
            var end = start + length;
            return end <= data.Length ? end : -1;
        }
        if (group == 0xFFFE)
        {
            // An item of undefined length: elements up to its item delimitation (FFFE,E00D).
            return SkipUntil(data, start, 0xE00D, explicitVR, bigEndian, depth + 1);
        }
        // A sequence (or UN, or encapsulated pixel data) of undefined length: items up to (FFFE,E0DD). UN contents
        // are implicit VR little endian (PS3.5 6.2.2).
        var unknown = explicitVR && data[p + 4] == 'U' && data[p + 5] == 'N';
        return SkipUntil(data, start, 0xE0DD, explicitVR && !unknown, bigEndian && !unknown, depth + 1);
    }

    private static long SkipUntil(ReadOnlySpan<byte> data, long position, ushort delimiter, bool explicitVR, bool bigEndian, int depth)
    {
        while (true)
        {
            if (position + 8 > data.Length)
                return -1;
            var p = (int)position;
            if (U16(data, p, bigEndian) == 0xFFFE && U16(data, p + 2, bigEndian) == delimiter)
                return position + 8;
            var next = SkipElementLong(data, position, explicitVR, bigEndian, depth);
            if (next < 0)
                return -1;
            position = next;
        }
    }

    private static int SkipElement(ReadOnlySpan<byte> data, int position, bool explicitVR, bool bigEndian, int depth)
    {
        var end = SkipElementLong(data, position, explicitVR, bigEndian, depth);
        return end < 0 || end > int.MaxValue ? -1 : (int)end;
    }

    private static ushort U16(ReadOnlySpan<byte> data, int at, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(data[at..]) : BinaryPrimitives.ReadUInt16LittleEndian(data[at..]);

    private static uint U32(ReadOnlySpan<byte> data, int at, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(data[at..]);
}
