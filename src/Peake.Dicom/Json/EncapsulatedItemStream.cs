using System.Buffers.Binary;

namespace Peake.Dicom;

/// <summary>
/// The value field of encapsulated pixel data as bytes (PS3.5 A.4): each item as tag (FFFE,E000), 32-bit little
/// endian length and data, then the sequence delimitation item. This is what the JSON model carries for such
/// elements (see docs/decisions/0005-dicom-json.md), and what the reader turns back into <see cref="DicomFragments"/>.
/// </summary>
internal static class EncapsulatedItemStream
{
    private const int HeaderSize = 8;

    public static long Length(DicomFragments fragments) =>
        HeaderSize + fragments.OffsetTable.Length + fragments.Fragments.Sum(f => HeaderSize + f.Length) + HeaderSize;

    /// <summary>A stream over the whole item stream; fragment values are opened one at a time as it is read.</summary>
    public static Stream Open(DicomFragments fragments)
    {
        var parts = new List<Func<Stream>>();
        foreach (var item in fragments.Fragments.Prepend(fragments.OffsetTable))
        {
            var it = item;
            parts.Add(() => new MemoryStream(Header(DicomTag.Item, checked((uint)it.Length)), writable: false));
            parts.Add(it.OpenValue);
        }

        parts.Add(() => new MemoryStream(Header(DicomTag.SequenceDelimitation, 0), writable: false));
        return new ConcatenatedStream(parts);
    }

    /// <summary>
    /// Parses bytes that are a complete item stream into an offset table and fragments; null when they are not one
    /// (then they are native pixel data that merely looked alike at first).
    /// </summary>
    public static DicomFragments? TryParse(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> bytes)
    {
        var items = new List<DicomValueElement>();
        var pos = 0;
        var span = bytes.Span;
        while (pos + HeaderSize <= span.Length)
        {
            var group = BinaryPrimitives.ReadUInt16LittleEndian(span[pos..]);
            var element = BinaryPrimitives.ReadUInt16LittleEndian(span[(pos + 2)..]);
            var length = BinaryPrimitives.ReadUInt32LittleEndian(span[(pos + 4)..]);
            var itemTag = new DicomTag(group, element);
            pos += HeaderSize;
            if (itemTag == DicomTag.SequenceDelimitation)
            {
                return length == 0 && pos == span.Length && items.Count > 0
                    ? new DicomFragments(tag, vr, items[0], items.Skip(1))
                    : null;
            }

            if (itemTag != DicomTag.Item || length > (uint)(span.Length - pos))
            {
                return null;
            }

            items.Add(new DicomValueElement(DicomTag.Item, DicomVR.OB, bytes.Slice(pos, (int)length)));
            pos += (int)length;
        }

        return null;
    }

    private static byte[] Header(DicomTag tag, uint length)
    {
        var header = new byte[HeaderSize];
        BinaryPrimitives.WriteUInt16LittleEndian(header, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), tag.Element);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), length);
        return header;
    }
}
