namespace Peake.Dicom;

/// <summary>
/// One coded graphic character set of ISO/IEC 2022 (PS3.5 6.1.2.5): its table is indexed by the 7-bit code, so the
/// same set decodes the same whether it is invoked in GL (G0, bytes 0x21..0x7E) or GR (G1, bytes 0xA1..0xFE).
/// Tables are built on first use.
/// </summary>
internal sealed class GraphicSet
{
    private readonly Func<char[]> _build;
    private char[]? _table;
    private ushort[]?[]? _reverse;

    /// <param name="name">Name for messages, e.g. "JIS X 0208".</param>
    /// <param name="size">94, 96 or 94x94 characters.</param>
    /// <param name="finalByte">The Final Byte F of the designating escape sequence (ESC ( F, ESC - F, ESC $ ) F...).</param>
    /// <param name="build">
    /// Builds the table: 128 chars indexed by the 7-bit code for single-byte sets, 94*94 chars indexed by
    /// (row - 0x21) * 94 + (cell - 0x21) for two-byte sets; '\0' marks an unassigned code.
    /// </param>
    public GraphicSet(string name, GraphicSetSize size, byte finalByte, Func<char[]> build)
    {
        Name = name;
        Size = size;
        FinalByte = finalByte;
        _build = build;
    }

    public string Name { get; }

    public GraphicSetSize Size { get; }

    public byte FinalByte { get; }

    public bool IsDoubleByte => Size == GraphicSetSize.Chars94x94;

    /// <summary>The decoding table: 128 chars by 7-bit code, or 94*94 chars by (row - 0x21) * 94 + (cell - 0x21).</summary>
    public char[] Table => _table ??= _build();

    /// <summary>The character of a single-byte code (the high bit is ignored), or '\0' when unassigned.</summary>
    public char Decode(byte code) => Table[code & 0x7F];

    /// <summary>The character of a two-byte code (high bits ignored), or '\0' when unassigned.</summary>
    public char Decode(byte first, byte second)
    {
        int row = (first & 0x7F) - 0x21, cell = (second & 0x7F) - 0x21;
        return (uint)row < 94 && (uint)cell < 94 ? Table[(row * 94) + cell] : '\0';
    }

    /// <summary>The 7-bit code of <paramref name="c"/> in this set (two bytes packed big endian for 94x94 sets).</summary>
    public bool TryEncode(char c, out ushort code)
    {
        var page = (_reverse ??= BuildReverse())[c >> 8];
        code = page is null ? (ushort)0 : page[c & 0xFF];
        return code != 0;
    }

    /// <summary>
    /// The encoding table, in pages of 256 characters allocated only where the set has characters (a few for an
    /// 8-bit set, about a hundred for a CJK set): one array index per character instead of a hash lookup.
    /// </summary>
    private ushort[]?[] BuildReverse()
    {
        var table = Table;
        var pages = new ushort[]?[256];
        for (var i = table.Length - 1; i >= 0; i--)
        {
            var c = table[i];
            if (c == '\0')
            {
                continue;
            }

            // Filled backwards so that where two codes map to one character the lower code wins.
            var page = pages[c >> 8] ??= new ushort[256];
            page[c & 0xFF] = IsDoubleByte ? (ushort)(((0x21 + (i / 94)) << 8) | (0x21 + (i % 94))) : (ushort)i;
        }

        return pages;
    }
}
