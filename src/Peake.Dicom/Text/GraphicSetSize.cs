namespace Peake.Dicom;

/// <summary>ISO/IEC 2022 kinds of graphic character sets; the kind decides the escape sequence that designates a set.</summary>
internal enum GraphicSetSize
{
    /// <summary>94 single-byte characters at 0x21..0x7E (e.g. ISO-IR 6, JIS X 0201 romaji and katakana).</summary>
    Chars94,

    /// <summary>96 single-byte characters at 0x20..0x7F; only for G1 (the ISO 8859 upper halves).</summary>
    Chars96,

    /// <summary>94 x 94 two-byte characters (JIS X 0208, JIS X 0212, KS X 1001, GB 2312).</summary>
    Chars94x94,
}
