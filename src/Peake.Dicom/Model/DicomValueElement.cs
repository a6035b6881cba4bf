namespace Peake.Dicom;

/// <summary>
/// An element with a plain value. The value is kept as the bytes read (always in little endian order: values read
/// from big endian files are swapped on the way in), so writing it back in the same syntax gives the same bytes.
/// A large value may stay in its source (<see cref="Bulk"/>) and is read only when asked for.
/// </summary>
public sealed class DicomValueElement : DicomElement
{
    private readonly ReadOnlyMemory<byte> _bytes;

    public DicomValueElement(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> bytes)
        : base(tag, vr)
    {
        _bytes = bytes;
    }

    public DicomValueElement(DicomTag tag, DicomVR vr, DicomBulkData bulk)
        : base(tag, vr)
    {
        Bulk = bulk;
    }

    /// <summary>Set when the value was left in its source instead of being loaded.</summary>
    public DicomBulkData? Bulk { get; }

    public bool IsLoaded => Bulk is null;

    /// <summary>Length of the value in bytes, including any padding byte.</summary>
    public long Length => Bulk?.Length ?? _bytes.Length;

    /// <summary>The value's bytes; loads a bulk value (use <see cref="OpenValue"/> for large ones).</summary>
    public ReadOnlyMemory<byte> Bytes => Bulk is null ? _bytes : Bulk.ReadAll();

    /// <summary>A stream over the value, loaded or not.</summary>
    public Stream OpenValue()
    {
        if (Bulk is not null)
        {
            return Bulk.Open();
        }

        // Over the bytes held, without copying them (a frame of a multi-frame value is read through this).
        return System.Runtime.InteropServices.MemoryMarshal.TryGetArray(_bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(_bytes.ToArray(), writable: false);
    }
}
