namespace Peake.Dicom;

/// <summary>How much to read and how much to trust. The defaults suit an archive reading files from anywhere.</summary>
public sealed record DicomReadOptions
{
    public static DicomReadOptions Default { get; } = new();

    /// <summary>Stop before (7FE0,0010) Pixel Data of the top-level data set: a header-only read.</summary>
    public bool StopAtPixelData { get; init; }

    /// <summary>
    /// Values longer than this stay in their source (<see cref="DicomBulkData"/>) when the source can be reopened
    /// and needs no decoding (not deflated, not big endian). Keeps memory bounded for multi-gigabyte files.
    /// </summary>
    public long LazyThreshold { get; init; } = 64 * 1024;

    /// <summary>Deepest nesting of sequences accepted. Real files rarely pass 10; a cap stops stack exhaustion.</summary>
    public int MaxDepth { get; init; } = 128;

    /// <summary>Largest single value loaded into memory; larger values must be lazy or the read fails.</summary>
    public long MaxValueLength { get; init; } = 1L << 30;

    /// <summary>
    /// Accept a defined-length sequence or item whose length runs past the end of the data, as long as its elements
    /// end exactly at the end of the data (dcmtk reads such files, e.g. DICOMDIRs whose last record is cut short).
    /// Turn off where truncation must be an error.
    /// </summary>
    public bool ReadTruncatedContainers { get; init; } = true;

    /// <summary>Most elements and items one read may create (each costs memory beyond its bytes).</summary>
    public long MaxElements { get; init; } = 1_000_000;

    /// <summary>Largest amount of data a deflated data set may inflate to (deflate bombs).</summary>
    public long MaxInflatedLength { get; init; } = 4L << 30;
}
