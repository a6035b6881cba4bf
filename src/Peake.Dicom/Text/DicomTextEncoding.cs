using System.Text;

namespace Peake.Dicom;

/// <summary>
/// Turns the bytes of character-set dependent values into text and back, following the data set's Specific
/// Character Set (0008,0005). PLACEHOLDER: Latin-1/UTF-8 only until the full implementation lands.
/// </summary>
public sealed class DicomTextEncoding
{
    private readonly Encoding _encoding;

    private DicomTextEncoding(Encoding encoding) => _encoding = encoding;

    /// <summary>The default repertoire (ISO-IR 6), used when no Specific Character Set is given.</summary>
    public static DicomTextEncoding Default { get; } = new(Encoding.Latin1);

    /// <summary>Builds the decoder for the values of (0008,0005); unknown terms fall back to the default repertoire.</summary>
    public static DicomTextEncoding FromSpecificCharacterSet(IReadOnlyList<string> terms) =>
        terms.Count > 0 && terms[0].Trim() == "ISO_IR 192" ? new(Encoding.UTF8) : Default;

    /// <summary>Decodes a value of VR <paramref name="vr"/>; separators (backslash, and ^ = in PN) are kept.</summary>
    public string Decode(ReadOnlySpan<byte> bytes, DicomVR vr) => _encoding.GetString(bytes);

    /// <summary>Encodes text of VR <paramref name="vr"/> (without padding).</summary>
    public byte[] Encode(string text, DicomVR vr) => _encoding.GetBytes(text);
}
