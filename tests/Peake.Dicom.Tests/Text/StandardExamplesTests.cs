namespace Peake.Dicom.Tests.Text;

/// <summary>The worked examples of PS3.5 Annexes H (Japanese), I (Korean), J (GB18030) and K (GB 2312), both ways.</summary>
public class StandardExamplesTests
{
    // PS3.5 H.3.1, Example H.3-1: value 1 absent (default repertoire), JIS X 0208 by escape sequences.
    private const string JapaneseExample1 =
        "05/09 06/01 06/13 06/01 06/04 06/01 05/14 05/04 06/01 07/02 06/15 07/05 03/13 01/11 02/04 04/02 03/11 03/03 04/05 " +
        "04/04 01/11 02/08 04/02 05/14 01/11 02/04 04/02 04/02 04/00 04/15 03/10 01/11 02/08 04/02 03/13 01/11 02/04 04/02 " +
        "02/04 06/04 02/04 05/14 02/04 04/00 01/11 02/08 04/02 05/14 01/11 02/04 04/02 02/04 03/15 02/04 06/13 02/04 02/06 " +
        "01/11 02/08 04/02";

    // PS3.5 H.3.2, Example H.3-2: value 1 is ISO 2022 IR 13 (JIS X 0201 romaji in G0, katakana in G1).
    private const string JapaneseExample2 =
        "13/04 12/15 12/00 13/14 05/14 12/00 13/11 11/03 03/13 01/11 02/04 04/02 03/11 03/03 04/05 04/04 01/11 02/08 04/10 " +
        "05/14 01/11 02/04 04/02 04/02 04/00 04/15 03/10 01/11 02/08 04/10 03/13 01/11 02/04 04/02 02/04 06/04 02/04 05/14 " +
        "02/04 04/00 01/11 02/08 04/10 05/14 01/11 02/04 04/02 02/04 03/15 02/04 06/13 02/04 02/06 01/11 02/08 04/10";

    // PS3.5 I.2, Example I.2-1: KS X 1001 in G1, designated again in every component.
    private const string KoreanExample =
        "04/08 06/15 06/14 06/07 05/14 04/07 06/09 06/12 06/04 06/15 06/14 06/07 03/13 01/11 02/04 02/09 04/03 15/11 15/03 " +
        "05/14 01/11 02/04 02/09 04/03 13/01 12/14 13/04 13/07 03/13 01/11 02/04 02/09 04/03 12/08 10/11 05/14 01/11 02/04 " +
        "02/09 04/03 11/01 14/06 11/05 11/15";

    // PS3.5 K.2, Example K.2-1 (GB 2312 in G1); the standard's final 0x20 is padding and is left out here.
    private const string ChineseGb2312Example =
        "0x5A 0x68 0x61 0x6E 0x67 0x5E 0x58 0x69 0x61 0x6F 0x44 0x6F 0x6E 0x67 0x3D 0x1B 0x24 0x29 0x41 0xD5 0xC5 0x5E 0x1B " +
        "0x24 0x29 0x41 0xD0 0xA1 0xB6 0xAB 0x3D";

    // PS3.5 K.3, Example K.3-1: Long Text with GB 2312 lines, each line back in ASCII before CR LF.
    private const string ChineseLongTextExample =
        "0x31 0x2e 0x1B 0x24 0x29 0x41 0xB5 0xDA 0xD2 0xBB 0xD0 0xD0 0xCE 0xC4 0xD7 0xD6 0xA1 0xA3 0x1B 0x28 0x42 0x0D 0x0A " +
        "0x32 0x2e 0x1B 0x24 0x29 0x41 0xB5 0xDA 0xB6 0xFE 0xD0 0xD0 0xCE 0xC4 0xD7 0xD6 0xA1 0xA3 0x1B 0x28 0x42 0x0D 0x0A " +
        "0x33 0x2e 0x1B 0x24 0x29 0x41 0xB5 0xDA 0xC8 0xFD 0xD0 0xD0 0xCE 0xC4 0xD7 0xD6 0xA1 0xA3 0x1B 0x28 0x42 0x0D 0x0A";

    // PS3.5 J.3: GB18030, no code extensions.
    private const string ChineseGb18030Example =
        "0x57 0x61 0x6e 0x67 0x5e 0x58 0x69 0x61 0x6f 0x44 0x6f 0x6e 0x67 0x3d 0xcd 0xf5 0x5e 0xd0 0xa1 0xb6 0xab 0x3d";

    public static TheoryData<string[], string, string> PersonNames => new()
    {
        { ["", "ISO 2022 IR 87"], JapaneseExample1, "Yamada^Tarou=山田^太郎=やまだ^たろう" },
        { ["ISO 2022 IR 13", "ISO 2022 IR 87"], JapaneseExample2, "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう" },
        { ["", "ISO 2022 IR 149"], KoreanExample, "Hong^Gildong=洪^吉洞=홍^길동" },
        { ["", "ISO 2022 IR 58"], ChineseGb2312Example, "Zhang^XiaoDong=张^小东=" },
        { ["GB18030"], ChineseGb18030Example, "Wang^XiaoDong=王^小东=" },
    };

    [Theory]
    [MemberData(nameof(PersonNames))]
    public void Should_decode_the_person_name_examples_of_the_standard(string[] terms, string notation, string expected)
    {
        var encoding = DicomTextEncoding.FromSpecificCharacterSet(terms);

        Assert.Equal(expected, encoding.Decode(StandardNotation.Bytes(notation), DicomVR.PN));
    }

    [Theory]
    [MemberData(nameof(PersonNames))]
    public void Should_encode_the_person_name_examples_to_the_bytes_of_the_standard(string[] terms, string notation, string text)
    {
        var encoding = DicomTextEncoding.FromSpecificCharacterSet(terms);

        Assert.Equal(StandardNotation.Bytes(notation), encoding.Encode(text, DicomVR.PN));
    }

    [Fact]
    public void Should_decode_the_chinese_long_text_example_line_by_line()
    {
        var encoding = DicomTextEncoding.FromSpecificCharacterSet(["", "ISO 2022 IR 58"]);

        var text = encoding.Decode(StandardNotation.Bytes(ChineseLongTextExample), DicomVR.LT);

        Assert.Equal("1.第一行文字。\r\n2.第二行文字。\r\n3.第三行文字。\r\n", text);
    }

    [Fact]
    public void Should_round_trip_the_chinese_long_text_with_one_designation_per_line()
    {
        var encoding = DicomTextEncoding.FromSpecificCharacterSet(["", "ISO 2022 IR 58"]);
        const string text = "1.第一行文字。\r\n2.第二行文字。";

        var bytes = encoding.Encode(text, DicomVR.LT);

        // G1 is forgotten at CR LF (PS3.5 6.1.2.5.3), so the second line designates GB 2312 again.
        Assert.Equal(2, CountDesignations(bytes, [0x1B, 0x24, 0x29, 0x41]));
        Assert.Equal(text, encoding.Decode(bytes, DicomVR.LT));
    }

    private static int CountDesignations(byte[] bytes, byte[] escape)
    {
        var count = 0;
        for (var i = bytes.AsSpan().IndexOf(escape); i >= 0; i = bytes.AsSpan(i + 1).IndexOf(escape) is var j && j >= 0 ? i + 1 + j : -1)
        {
            count++;
        }

        return count;
    }
}
