using System.IO.Compression;

namespace Peake.Dicom;

/// <summary>Choices for writing a data set. The defaults keep a data set read in one syntax byte-identical when written back in it.</summary>
public sealed class DicomWriteOptions
{
    public static DicomWriteOptions Default { get; } = new();

    /// <summary>What to do with group length elements (gggg,0000) other than the file meta group's.</summary>
    public DicomGroupLengthMode GroupLengths { get; init; } = DicomGroupLengthMode.Recompute;

    /// <summary>Compression level of the Deflated Explicit VR Little Endian syntax (PS3.5 A.5).</summary>
    public CompressionLevel DeflateLevel { get; init; } = CompressionLevel.Optimal;
}
