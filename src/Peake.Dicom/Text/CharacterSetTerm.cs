using System.Text;

namespace Peake.Dicom;

/// <summary>
/// One Defined Term of Specific Character Set (0008,0005) (PS3.3 C.12.1.1.2): either the graphic sets it brings to
/// ISO/IEC 2022 decoding (G0 and/or G1), or, for the terms that forbid code extensions (ISO_IR 192, GB18030, GBK),
/// the .NET encoding that handles the whole value.
/// </summary>
internal sealed class CharacterSetTerm
{
    private static readonly Dictionary<string, CharacterSetTerm> ByKey = Build();

    private CharacterSetTerm(string definedTerm, GraphicSet? g0, GraphicSet? g1, Encoding? whole = null)
    {
        DefinedTerm = definedTerm;
        G0 = g0;
        G1 = g1;
        Whole = whole;
    }

    public string DefinedTerm { get; }

    /// <summary>The set this term designates to G0 (ISO-IR 6, JIS X 0201 romaji, JIS X 0208, JIS X 0212).</summary>
    public GraphicSet? G0 { get; }

    /// <summary>The set this term designates to G1 (the 8-bit upper halves, katakana, KS X 1001, GB 2312).</summary>
    public GraphicSet? G1 { get; }

    /// <summary>For ISO_IR 192, GB18030 and GBK: the encoding of the whole value (no code extensions, PS3.5 6.1.2.5.4).</summary>
    public Encoding? Whole { get; }

    /// <summary>Whether the term was spelled with code extensions ("ISO 2022 IR nnn").</summary>
    public static bool NamesCodeExtensions(string term) => term.TrimStart().StartsWith("ISO 2022", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The term, tolerating the spellings seen in the wild: case, and spaces, underscores or hyphens between the parts
    /// ("ISO-IR 100", "ISO_IR100"). Null for an unknown term.
    /// </summary>
    public static CharacterSetTerm? Find(string term) => ByKey.GetValueOrDefault(Key(term));

    private static string Key(string term)
    {
        Span<char> key = stackalloc char[Math.Min(term.Length, 64)];
        var n = 0;
        foreach (var c in term.AsSpan(0, Math.Min(term.Length, 64)))
        {
            if (c is not (' ' or '_' or '-' or '\0'))
            {
                key[n++] = char.ToUpperInvariant(c);
            }
        }

        return new string(key[..n]);
    }

    private static Dictionary<string, CharacterSetTerm> Build()
    {
        var terms = new Dictionary<string, CharacterSetTerm>();

        // PS3.3 Tables C.12-2 and C.12-3: single-byte sets, with (ISO 2022 IR nnn) or without (ISO_IR nnn) extensions.
        void SingleByte(int ir, GraphicSet g0, GraphicSet? g1)
        {
            terms[$"ISOIR{ir}"] = new($"ISO_IR {ir}", g0, g1);
            terms[$"ISO2022IR{ir}"] = new($"ISO 2022 IR {ir}", g0, g1);
        }

        SingleByte(6, GraphicSets.Ascii, null);
        SingleByte(100, GraphicSets.Ascii, GraphicSets.Latin1);
        SingleByte(101, GraphicSets.Ascii, GraphicSets.Latin2);
        SingleByte(109, GraphicSets.Ascii, GraphicSets.Latin3);
        SingleByte(110, GraphicSets.Ascii, GraphicSets.Latin4);
        SingleByte(144, GraphicSets.Ascii, GraphicSets.Cyrillic);
        SingleByte(127, GraphicSets.Ascii, GraphicSets.Arabic);
        SingleByte(126, GraphicSets.Ascii, GraphicSets.Greek);
        SingleByte(138, GraphicSets.Ascii, GraphicSets.Hebrew);
        SingleByte(148, GraphicSets.Ascii, GraphicSets.Latin5);
        SingleByte(203, GraphicSets.Ascii, GraphicSets.Latin9);
        SingleByte(166, GraphicSets.Ascii, GraphicSets.Thai);
        SingleByte(13, GraphicSets.JisRoman, GraphicSets.JisKatakana);

        // PS3.3 Table C.12-4: multi-byte sets with code extensions. "ISO_IR 87" and friends are not Defined Terms but
        // are written by some systems; they can only mean the same sets.
        void MultiByte(int ir, GraphicSet? g0, GraphicSet? g1)
        {
            terms[$"ISO2022IR{ir}"] = new($"ISO 2022 IR {ir}", g0, g1);
            terms[$"ISOIR{ir}"] = terms[$"ISO2022IR{ir}"];
        }

        MultiByte(87, GraphicSets.JisX0208, null);
        MultiByte(159, GraphicSets.JisX0212, null);
        MultiByte(149, null, GraphicSets.KsX1001);
        MultiByte(58, null, GraphicSets.Gb2312);

        // PS3.3 Table C.12-5: multi-byte sets without code extensions.
        terms["ISOIR192"] = new("ISO_IR 192", null, null, GraphicSets.CodePage(65001));
        terms["GB18030"] = new("GB18030", null, null, GraphicSets.CodePage(54936));
        terms["GBK"] = new("GBK", null, null, GraphicSets.CodePage(936));
        return terms;
    }
}
