using System.Collections.Concurrent;
using System.Text;
using System.Text.Unicode;

namespace Peake.Dicom;

/// <summary>
/// Turns the bytes of character-set dependent values (SH, LO, ST, LT, UT, PN, UC) into text and back, following the
/// data set's Specific Character Set (0008,0005) (PS3.5 6.1, PS3.3 C.12.1.1.2): the single-byte sets with and without
/// ISO/IEC 2022 code extensions, the Japanese, Korean and Chinese multi-byte sets with code extensions, and ISO_IR 192
/// (UTF-8), GB18030 and GBK. Decoding never throws; encoding throws <see cref="EncoderFallbackException"/> for text the
/// character set cannot represent. Instances are immutable, cached per distinct term list and thread-safe.
/// </summary>
public sealed class DicomTextEncoding
{
    // Values come from files, so the set of term lists seen is open-ended: cache a bounded number of them.
    private const int MaxCached = 256;
    private static readonly ConcurrentDictionary<string, DicomTextEncoding> Cache = new(StringComparer.Ordinal);

    private readonly Encoding? _whole;
    private readonly Iso2022Profile _profile;
    private char[]? _textMap;
    private char[]? _valuesMap;

    private DicomTextEncoding(IReadOnlyList<string> terms)
    {
        Terms = [.. terms.Select(t => t.Trim(' ', '\0'))];
        var description = string.Join('\\', Terms);
        var first = Terms.Count > 0 && Terms[0].Length > 0 ? CharacterSetTerm.Find(Terms[0]) : null;

        // PS3.5 6.1.2.5.4: these allow no code extensions, so other values (which should not be there) are ignored.
        _whole = first?.Whole;

        // An unknown value 1 falls back to the default repertoire; unknown further values are skipped.
        var initialG0 = first?.G0 is { IsDoubleByte: false } g0 ? g0 : GraphicSets.Ascii;
        var initialG1 = first?.G1 is { IsDoubleByte: false } g1 ? g1 : null;
        var declared = new List<(GraphicSet Set, bool ToG1)> { (initialG0, false) };
        if (initialG1 is not null)
        {
            declared.Add((initialG1, true));
        }

        foreach (var term in Terms.Select(CharacterSetTerm.Find))
        {
            if (term?.G0 is { } d0 && !declared.Contains((d0, false)))
            {
                declared.Add((d0, false));
            }

            if (term?.G1 is { } d1 && !declared.Contains((d1, true)))
            {
                declared.Add((d1, true));
            }
        }

        var fallbackG1 = initialG1
            ?? declared.Where(d => d.ToG1).Select(d => d.Set).FirstOrDefault()
            ?? declared.Where(d => d.Set.IsDoubleByte).Select(d => d.Set).FirstOrDefault();

        // PS3.5 6.1.2.5.1: code extensions need several values, or a value 1 spelled "ISO 2022 ...".
        var extensions = Terms.Count > 1 || (Terms.Count == 1 && CharacterSetTerm.NamesCodeExtensions(Terms[0]));
        _profile = new Iso2022Profile(
            description.Length == 0 ? "ISO_IR 6 (default)" : description,
            initialG0,
            initialG1,
            fallbackG1,
            extensions ? declared : []);
    }

    /// <summary>The default repertoire (ISO-IR 6), used when no Specific Character Set is given.</summary>
    public static DicomTextEncoding Default { get; } = new([]);

    /// <summary>The values of (0008,0005) this encoding was made from, trimmed; empty for the default repertoire.</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>Builds (or finds in the cache) the encoding for the values of (0008,0005).</summary>
    public static DicomTextEncoding FromSpecificCharacterSet(IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (terms.Count == 0 || (terms.Count == 1 && string.IsNullOrWhiteSpace(terms[0])))
        {
            return Default;
        }

        var key = string.Join('\\', terms);
        if (Cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var encoding = new DicomTextEncoding(terms);
        return Cache.Count < MaxCached ? Cache.GetOrAdd(key, encoding) : encoding;
    }

    /// <summary>
    /// Decodes a value of VR <paramref name="vr"/>; separators (backslash, and ^ = in PN) are kept. The VR matters for
    /// code extensions: the delimiters where the initial character sets return depend on it (PS3.5 6.1.2.5.3).
    /// </summary>
    public string Decode(ReadOnlySpan<byte> bytes, DicomVR vr)
    {
        ArgumentNullException.ThrowIfNull(vr);
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        if (_whole is not null)
        {
            return _whole.GetString(bytes);
        }

        var hasEscape = bytes.Contains(TextDelimiters.Escape);
        if (!hasEscape && Ascii.IsValid(bytes) && _profile.AsciiIsIdentity)
        {
            return Encoding.ASCII.GetString(bytes);
        }

        if (hasEscape)
        {
            return Iso2022Decoder.Decode(bytes, vr, _profile);
        }

        if (_profile.InitialG1 == GraphicSets.Latin1 && _profile.AsciiIsIdentity)
        {
            return Encoding.Latin1.GetString(bytes);
        }

        if (_profile.InitialG1 is not null)
        {
            var map = vr.IsMultiValued
                ? _valuesMap ??= Iso2022Decoder.BuildByteMap(_profile, true)
                : _textMap ??= Iso2022Decoder.BuildByteMap(_profile, false);
            return _profile.InitialG1 == GraphicSets.JisKatakana && ShiftJisLeniency.Applies(bytes)
                ? ShiftJisLeniency.Decode(bytes, map)
                : Iso2022Decoder.DecodeFixed(bytes, map);
        }

        return _profile.FallbackG1 is null ? DecodeUndeclared(bytes) : Iso2022Decoder.Decode(bytes, vr, _profile);
    }

    /// <summary>
    /// Encodes text of VR <paramref name="vr"/> (without padding).
    /// </summary>
    /// <exception cref="EncoderFallbackException">A character has no code in the Specific Character Set.</exception>
    public byte[] Encode(string text, DicomVR vr)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(vr);
        if (text.Length == 0)
        {
            return [];
        }

        if (_whole is not null)
        {
            return _whole.GetBytes(text);
        }

        return Ascii.IsValid(text) && _profile.AsciiIsIdentity ? Encoding.ASCII.GetBytes(text) : Iso2022Encoder.Encode(text, vr, _profile);
    }

    public override string ToString() => _profile.Description;

    /// <summary>
    /// 8-bit bytes where no character set declares any (no or an unknown (0008,0005)): not valid DICOM, but common. UTF-8
    /// when the bytes are valid UTF-8 (other text rarely is), else ISO 8859-1; both keep every byte readable.
    /// </summary>
    private static string DecodeUndeclared(ReadOnlySpan<byte> bytes) =>
        Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : Encoding.Latin1.GetString(bytes);
}
