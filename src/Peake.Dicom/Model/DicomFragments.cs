namespace Peake.Dicom;

/// <summary>
/// Encapsulated pixel data (PS3.5 A.4): an undefined-length OB element holding the Basic Offset Table item and then
/// one item per fragment. Fragments are kept as read; decoding the pixels is not this library's job.
/// </summary>
public sealed class DicomFragments : DicomElement
{
    public DicomFragments(DicomTag tag, DicomVR vr, DicomValueElement offsetTable, IEnumerable<DicomValueElement> fragments)
        : base(tag, vr)
    {
        OffsetTable = offsetTable;
        Fragments = [.. fragments];
    }

    /// <summary>The first item: the Basic Offset Table, possibly empty. Stored as an item element (FFFE,E000).</summary>
    public DicomValueElement OffsetTable { get; }

    /// <summary>The fragment items, each stored as an item element (FFFE,E000) of VR OB.</summary>
    public List<DicomValueElement> Fragments { get; }

    /// <summary>The Basic Offset Table decoded as 32-bit little endian offsets (empty when absent).</summary>
    public uint[] BasicOffsets()
    {
        var bytes = OffsetTable.Bytes.Span;
        var offsets = new uint[bytes.Length / 4];
        for (var i = 0; i < offsets.Length; i++)
        {
            offsets[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes[(i * 4)..]);
        }

        return offsets;
    }
}
