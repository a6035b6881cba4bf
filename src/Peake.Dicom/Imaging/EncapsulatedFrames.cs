using System.Buffers.Binary;

namespace Peake.Dicom;

/// <summary>
/// Which fragments of encapsulated pixel data make up each frame (PS3.5 A.4). Offsets in the Extended Offset Table
/// (7FE0,0001) or the Basic Offset Table count bytes from the first byte of the first fragment's item tag; each
/// fragment item occupies 8 header bytes plus its length. Without a table, one fragment per frame is assumed when the
/// counts match, and a single frame takes every fragment.
/// </summary>
public static class EncapsulatedFrames
{
    private static readonly DicomTag ExtendedOffsetTable = new(0x7FE0, 0x0001);
    private static readonly DicomTag NumberOfFrames = new(0x0028, 0x0008);

    /// <summary>For each frame, the indexes of its fragments in <see cref="DicomFragments.Fragments"/>.</summary>
    public static IReadOnlyList<int[]> Map(DicomDataset dataset, DicomFragments pixels)
    {
        var frames = FrameCount(dataset);
        var offsets = dataset[ExtendedOffsetTable] is DicomValueElement eot
            ? ReadOffsets64(eot.Bytes.Span)
            : [.. pixels.BasicOffsets().Select(o => (ulong)o)];

        if (offsets.Length > 0)
        {
            return FromOffsets(pixels, offsets);
        }

        if (frames == pixels.Fragments.Count)
        {
            return [.. Enumerable.Range(0, frames).Select(i => new[] { i })];
        }

        if (frames == 1)
        {
            return [Enumerable.Range(0, pixels.Fragments.Count).ToArray()];
        }

        throw new DicomParseException($"{frames} frames in {pixels.Fragments.Count} fragments and no offset table to tell them apart", 0, pixels.Tag);
    }

    private static int FrameCount(DicomDataset dataset) =>
        int.TryParse(dataset.GetString(NumberOfFrames)?.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;

    private static ulong[] ReadOffsets64(ReadOnlySpan<byte> bytes)
    {
        var offsets = new ulong[bytes.Length / 8];
        for (var i = 0; i < offsets.Length; i++)
        {
            offsets[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(i * 8)..]);
        }

        return offsets;
    }

    private static int[][] FromOffsets(DicomFragments pixels, ulong[] offsets)
    {
        // Position of each fragment's item tag, relative to the first fragment.
        var starts = new ulong[pixels.Fragments.Count];
        ulong position = 0;
        for (var i = 0; i < starts.Length; i++)
        {
            starts[i] = position;
            position += 8 + (ulong)pixels.Fragments[i].Length;
        }

        var result = new int[offsets.Length][];
        for (var f = 0; f < offsets.Length; f++)
        {
            var first = Array.IndexOf(starts, offsets[f]);
            if (first < 0 || (f > 0 && offsets[f] <= offsets[f - 1]))
            {
                throw new DicomParseException($"frame {f} offset {offsets[f]} does not start a fragment", 0, pixels.Tag);
            }

            var end = f + 1 < offsets.Length ? offsets[f + 1] : position;
            result[f] = [.. Enumerable.Range(first, starts.Length - first).Where(i => starts[i] < end)];
        }

        return result;
    }
}
