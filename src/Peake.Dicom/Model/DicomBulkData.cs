namespace Peake.Dicom;

/// <summary>
/// A value left in its source: a byte range of a seekable stream that can be opened again. This is how pixel data
/// of a 2 GB file stays on disk while its header is in memory.
/// </summary>
public sealed class DicomBulkData
{
    private readonly Func<Stream> _openSource;

    public DicomBulkData(Func<Stream> openSource, long offset, long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _openSource = openSource;
        Offset = offset;
        Length = length;
    }

    /// <summary>Position of the first value byte in the source.</summary>
    public long Offset { get; }

    public long Length { get; }

    /// <summary>Opens a read-only stream over exactly this value.</summary>
    public Stream Open()
    {
        var source = _openSource();
        if (source.Length < Offset + Length)
        {
            source.Dispose();
            throw new DicomParseException($"bulk value at offset {Offset} with length {Length} runs past the end of its source", Offset, null);
        }

        return new RangeStream(source, Offset, Length);
    }

    /// <summary>Reads the whole value into memory. Refuses values larger than an array can hold.</summary>
    public ReadOnlyMemory<byte> ReadAll()
    {
        if (Length > Array.MaxLength)
        {
            throw new InvalidOperationException($"value of {Length} bytes is too large to load; stream it with Open()");
        }

        var buffer = new byte[Length];
        using var s = Open();
        s.ReadExactly(buffer);
        return buffer;
    }
}
