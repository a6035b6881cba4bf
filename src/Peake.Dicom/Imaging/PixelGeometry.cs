namespace Peake.Dicom;

/// <summary>
/// The size of native (uncompressed) pixel data a data set describes: Rows × Columns × Samples per Pixel × Bits
/// Allocated × Number of Frames, computed in 64 bits and checked (a 32-bit product that overflows was a heap
/// overflow in other archives). Frames are located only when the stated geometry fits the actual value.
/// </summary>
public sealed record PixelGeometry(int Rows, int Columns, int SamplesPerPixel, int BitsAllocated, int Frames)
{
    private static readonly DicomTag RowsTag = new(0x0028, 0x0010);
    private static readonly DicomTag ColumnsTag = new(0x0028, 0x0011);
    private static readonly DicomTag SamplesTag = new(0x0028, 0x0002);
    private static readonly DicomTag BitsAllocatedTag = new(0x0028, 0x0100);
    private static readonly DicomTag FramesTag = new(0x0028, 0x0008);
    private static readonly DicomTag PixelDataTag = new(0x7FE0, 0x0010);

    /// <summary>Bytes of one frame; bit-packed 1-bit frames round up to whole bytes.</summary>
    public long FrameLength => checked(((long)Rows * Columns * SamplesPerPixel * BitsAllocated) + 7) / 8;

    public long TotalLength => checked(FrameLength * Frames);

    /// <summary>Reads the geometry; a missing or absurd attribute is a <see cref="DicomParseException"/>.</summary>
    public static PixelGeometry From(DicomDataset dataset)
    {
        var frames = 1;
        if (dataset.GetString(FramesTag) is { Length: > 0 } f && (!int.TryParse(f.Trim(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out frames) || frames < 1))
        {
            throw new DicomParseException($"Number of Frames '{f}' is not a positive integer", 0, FramesTag);
        }

        var geometry = new PixelGeometry(
            UShort(dataset, RowsTag),
            UShort(dataset, ColumnsTag),
            dataset.Contains(SamplesTag) ? UShort(dataset, SamplesTag) : 1,
            UShort(dataset, BitsAllocatedTag),
            frames);
        if (geometry.BitsAllocated is not (1 or 8 or 16 or 32 or 64) || geometry.SamplesPerPixel is < 1 or > 4)
        {
            throw new DicomParseException($"unsupported pixel layout: {geometry.SamplesPerPixel} samples of {geometry.BitsAllocated} bits", 0, BitsAllocatedTag);
        }

        // Largest product: 65535² × 4 × 64 / 8 × 2³¹ fits 128 bits; reject what 64-bit lengths cannot describe.
        var bits = (UInt128)(uint)geometry.Rows * (uint)geometry.Columns * (uint)geometry.SamplesPerPixel * (uint)geometry.BitsAllocated;
        if ((((bits + 7) / 8) * (uint)frames) > long.MaxValue)
        {
            throw new DicomParseException($"pixel data of {frames} frames of {geometry.Rows}x{geometry.Columns} cannot exist", 0, FramesTag);
        }

        return geometry;
    }

    /// <summary>Opens frame <paramref name="index"/> of native pixel data, after checking the value really holds it.</summary>
    public Stream OpenFrame(DicomDataset dataset, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Frames);
        if (dataset[PixelDataTag] is not DicomValueElement pixels)
        {
            throw new DicomParseException("no native pixel data", 0, PixelDataTag);
        }

        if (pixels.Length < TotalLength)
        {
            throw new DicomParseException($"pixel data holds {pixels.Length} bytes but the geometry needs {TotalLength}", 0, PixelDataTag);
        }

        var stream = pixels.OpenValue();
        return new RangeStream(stream, FrameLength * index, FrameLength);
    }

    private static int UShort(DicomDataset dataset, DicomTag tag)
    {
        var values = dataset.GetValues<ushort>(tag);
        return values.Length > 0 ? values[0] : throw new DicomParseException("missing pixel description attribute", 0, tag);
    }
}
