using System.Text;

namespace Peake.Dicom;

/// <summary>
/// Values under ISO_IR 13 that carry Shift_JIS kanji: not what PS3.3 allows (JIS X 0201 only), but what Japanese systems
/// write and what dcmtk and pydicom read, as both map ISO_IR 13 to Shift_JIS. Where a byte is a Shift_JIS lead byte
/// followed by a trail byte the pair is read as Shift_JIS (code page 932); other bytes keep their JIS X 0201 meaning.
/// </summary>
internal static class ShiftJisLeniency
{
    private static readonly Encoding ShiftJis = GraphicSets.CodePage(932);

    /// <summary>Whether the value has a byte JIS X 0201 lacks but Shift_JIS uses as lead byte (0x81..0x9F, 0xE0..0xFC).</summary>
    public static bool Applies(ReadOnlySpan<byte> bytes) =>
        bytes.IndexOfAnyInRange((byte)0x81, (byte)0x9F) >= 0 || bytes.IndexOfAnyInRange((byte)0xE0, (byte)0xFC) >= 0;

    /// <param name="bytes">The value.</param>
    /// <param name="map">The JIS X 0201 byte map for the single bytes.</param>
    public static string Decode(ReadOnlySpan<byte> bytes, char[] map)
    {
        var text = new StringBuilder(bytes.Length);
        Span<char> pair = stackalloc char[2];
        var i = 0;
        while (i < bytes.Length)
        {
            var b = bytes[i];
            if (b is (>= 0x81 and <= 0x9F) or (>= 0xE0 and <= 0xFC) && i + 1 < bytes.Length
                && bytes[i + 1] is (>= 0x40 and <= 0x7E) or (>= 0x80 and <= 0xFC))
            {
                var n = ShiftJis.GetChars(bytes.Slice(i, 2), pair);
                text.Append(pair[..n]);
                i += 2;
            }
            else
            {
                text.Append(map[b]);
                i++;
            }
        }

        return text.ToString();
    }
}
