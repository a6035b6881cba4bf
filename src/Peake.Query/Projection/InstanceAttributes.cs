using Peake.Dicom;
using Peake.Dicom.Network.Query;

namespace Peake.Query.Projection;

/// <summary>
/// An <c>InstanceStored.QueryAttributes</c> decoded and split by level, each level re-encoded as the bytes its row
/// keeps (Explicit VR Little Endian, the stored character set's bytes untouched).
/// </summary>
internal sealed record InstanceAttributes(DicomDataset All)
{
    private static readonly DicomReadOptions Options = new() { MaxElements = 10_000, MaxDepth = 16 };

    public static InstanceAttributes Decode(byte[]? encoded)
    {
        if (encoded is null || encoded.Length == 0)
            return new InstanceAttributes(new DicomDataset());
        try
        {
            return new InstanceAttributes(Read(encoded));
        }
        catch (DicomParseException)
        {
            // The gateway wrote it from a data set it had parsed; an unreadable one is a bug, not a reason to stall the
            // projection: the instance is listed with its UIDs alone.
            return new InstanceAttributes(new DicomDataset());
        }
    }

    public static DicomDataset Read(byte[] encoded)
    {
        using var stream = new MemoryStream(encoded, writable: false);
        return DicomReader.ReadDataset(stream, DicomTransferSyntax.ExplicitVRLittleEndian, Options);
    }

    /// <summary>The elements of these levels (and (0008,0005)), encoded; null when there are no attributes at all.</summary>
    public byte[]? Encode(params QueryLevel[] levels) => All.Count == 0
        ? null
        : DicomWriter.ToBytes(AttributeLevel.Select(All, levels), DicomTransferSyntax.ExplicitVRLittleEndian);

    public string Text(DicomTag tag) => Schema.ColumnText.Single(All, tag) ?? "";
}
