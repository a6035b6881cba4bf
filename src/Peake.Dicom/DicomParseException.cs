namespace Peake.Dicom;

/// <summary>
/// The only exception that reading malformed DICOM throws. It names the byte offset in the stream and, where known,
/// the tag being read, so a bad file can be diagnosed from the message alone.
/// </summary>
public sealed class DicomParseException : Exception
{
    public DicomParseException(string reason, long offset, DicomTag? tag, Exception? inner = null)
        : base(Format(reason, offset, tag), inner)
    {
        Reason = reason;
        Offset = offset;
        Tag = tag;
    }

    public string Reason { get; }

    public long Offset { get; }

    public DicomTag? Tag { get; }

    private static string Format(string reason, long offset, DicomTag? tag) =>
        tag is { } t ? $"{reason} (tag {t}, offset {offset})" : $"{reason} (offset {offset})";
}
