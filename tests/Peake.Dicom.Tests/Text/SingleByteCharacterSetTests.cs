using System.Text;

namespace Peake.Dicom.Tests.Text;

/// <summary>The single-byte Defined Terms of PS3.3 Table C.12-2: ISO-IR 6 in G0 and an ISO 8859 upper half in G1.</summary>
public class SingleByteCharacterSetTests
{
    public static TheoryData<string, string, string> Names => new()
    {
        { "ISO_IR 100", "Buc^Jérôme", "42 75 63 5E 4A E9 72 F4 6D 65" },
        { "ISO_IR 101", "Łukasz^Ść", "A3 75 6B 61 73 7A 5E A6 E6" },
        { "ISO_IR 109", "Ħaġar", "A1 61 F5 61 72" },
        { "ISO_IR 110", "Ģirts^Ķeniņš", "AB 69 72 74 73 5E D3 65 6E 69 F1 B9" },
        { "ISO_IR 144", "Люксембург", "BB EE DA E1 D5 DC D1 E3 E0 D3" },
        { "ISO_IR 127", "قباني^لنزار", "E2 C8 C7 E6 EA 5E E4 E6 D2 C7 D1" },
        { "ISO_IR 126", "Διονυσιος", "C4 E9 EF ED F5 F3 E9 EF F2" },
        { "ISO_IR 138", "שרון^דבורה", "F9 F8 E5 EF 5E E3 E1 E5 F8 E4" },
        { "ISO_IR 148", "Çavuşoğlu^Gül", "C7 61 76 75 FE 6F F0 6C 75 5E 47 FC 6C" },
        { "ISO_IR 203", "€ Œuvre", "A4 20 BC 75 76 72 65" },
        { "ISO_IR 166", "สวัสดี", "CA C7 D1 CA B4 D5" },
        { "ISO_IR 13", "ﾔﾏﾀﾞ^ﾀﾛｳ", "D4 CF C0 DE 5E C0 DB B3" },
        { "ISO_IR 192", "Jérôme^山田", "4A C3 A9 72 C3 B4 6D 65 5E E5 B1 B1 E7 94 B0" },
        { "GBK", "王^小东", "CD F5 5E D0 A1 B6 AB" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Should_decode_each_character_set(string term, string text, string hex)
    {
        var encoding = DicomTextEncoding.FromSpecificCharacterSet([term]);

        Assert.Equal(text, encoding.Decode(Convert.FromHexString(hex.Replace(" ", "")), DicomVR.PN));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Should_encode_each_character_set(string term, string text, string hex)
    {
        var encoding = DicomTextEncoding.FromSpecificCharacterSet([term]);

        Assert.Equal(hex.Replace(" ", ""), Convert.ToHexString(encoding.Encode(text, DicomVR.PN)));
    }

    [Fact]
    public void Should_read_jis_roman_yen_and_overline_in_text_but_keep_backslash_as_value_separator()
    {
        // PS3.5 H.1.1: in ISO-IR 14, 05/12 is YEN SIGN and 07/14 OVERLINE, except where 05/12 separates values.
        var encoding = DicomTextEncoding.FromSpecificCharacterSet(["ISO_IR 13"]);
        byte[] bytes = [0x31, 0x5C, 0x32, 0x7E];

        Assert.Equal("1¥2‾", encoding.Decode(bytes, DicomVR.LT));
        Assert.Equal("1\\2‾", encoding.Decode(bytes, DicomVR.LO));
    }

    [Fact]
    public void Should_refuse_to_encode_a_yen_sign_where_05_12_would_separate_values()
    {
        var encoding = DicomTextEncoding.FromSpecificCharacterSet(["ISO_IR 13"]);

        Assert.Equal([0x5C], encoding.Encode("¥", DicomVR.LT));
        Assert.Throws<EncoderFallbackException>(() => encoding.Encode("¥", DicomVR.LO));
    }

    [Fact]
    public void Should_refuse_text_the_character_set_cannot_represent()
    {
        Assert.Throws<EncoderFallbackException>(() => DicomTextEncoding.Default.Encode("Jérôme", DicomVR.PN));
        Assert.Throws<EncoderFallbackException>(() => DicomTextEncoding.FromSpecificCharacterSet(["ISO_IR 100"]).Encode("山田", DicomVR.PN));
        Assert.Throws<EncoderFallbackException>(() => DicomTextEncoding.FromSpecificCharacterSet(["GBK"]).Encode("😀", DicomVR.LO));
    }

    [Fact]
    public void Should_encode_characters_outside_the_basic_plane_in_utf8_and_gb18030()
    {
        foreach (var term in new[] { "ISO_IR 192", "GB18030" })
        {
            var encoding = DicomTextEncoding.FromSpecificCharacterSet([term]);

            Assert.Equal("𠀋^😀", encoding.Decode(encoding.Encode("𠀋^😀", DicomVR.PN), DicomVR.PN));
        }
    }

    [Fact]
    public void Should_not_split_values_at_a_gbk_trail_byte_that_looks_like_a_backslash()
    {
        var encoding = DicomTextEncoding.FromSpecificCharacterSet(["GBK"]);

        Assert.Equal("乗\\a", encoding.Decode([0x81, 0x5C, 0x5C, 0x61], DicomVR.LO));
    }

    [Fact]
    public void Should_tolerate_misspelled_terms()
    {
        var encoding = DicomTextEncoding.FromSpecificCharacterSet(["iso-ir 100 "]);

        Assert.Equal("é", encoding.Decode([0xE9], DicomVR.LO));
    }

    [Fact]
    public void Should_decode_undeclared_8_bit_bytes_as_utf8_when_valid_else_latin1()
    {
        Assert.Equal("Jérôme", DicomTextEncoding.Default.Decode(Encoding.UTF8.GetBytes("Jérôme"), DicomVR.PN));
        Assert.Equal("Jérôme", DicomTextEncoding.Default.Decode(Encoding.Latin1.GetBytes("Jérôme"), DicomVR.PN));
        Assert.Equal("Jérôme", DicomTextEncoding.FromSpecificCharacterSet(["ISO_IR 999"]).Decode(Encoding.Latin1.GetBytes("Jérôme"), DicomVR.PN));
    }

    [Fact]
    public void Should_replace_invalid_utf8_instead_of_throwing()
    {
        var encoding = DicomTextEncoding.FromSpecificCharacterSet(["ISO_IR 192"]);

        Assert.Equal("ab\uFFFDé", encoding.Decode([0x61, 0x62, 0xFF, 0xC3, 0xA9], DicomVR.LO));
    }

    [Theory]
    [InlineData("ISO_IR 126", "A1A2A4", "\u2018\u2019\u20AC")]
    [InlineData("ISO_IR 138", "AFFDFE", "\u00AF\u200E\u200F")]
    public void Should_use_the_current_unicode_mappings_of_iso_8859_7_and_8(string term, string hex, string expected)
    {
        // .NET's code pages have the 1987 tables; glibc (and so dcmtk) and Unicode have these.
        var encoding = DicomTextEncoding.FromSpecificCharacterSet([term]);

        Assert.Equal(expected, encoding.Decode(Convert.FromHexString(hex), DicomVR.LO));
        Assert.Equal(hex, Convert.ToHexString(encoding.Encode(expected, DicomVR.LO)));
    }

    [Fact]
    public void Should_map_the_ks_x_1001_codes_where_dotnet_euc_kr_is_wrong()
    {
        var encoding = DicomTextEncoding.FromSpecificCharacterSet(["", "ISO 2022 IR 149"]);

        // 0xB4D3 is U+B2D2 (code page 51949 says U+B2D6); 0xA2E8 was added by KS X 1001:2002.
        Assert.Equal("\uB2D2\u327E", encoding.Decode(Convert.FromHexString("1B242943B4D3A2E8"), DicomVR.LO));
    }

    [Fact]
    public void Should_map_unassigned_codes_to_the_replacement_character()
    {
        // 0xA5 is unassigned in ISO 8859-3, 0xA0 and 0xFD are outside JIS X 0201 and Shift_JIS lead bytes.
        Assert.Equal("\uFFFD", DicomTextEncoding.FromSpecificCharacterSet(["ISO_IR 109"]).Decode([0xA5], DicomVR.LO));
        Assert.Equal("\uFFFD\uFFFD", DicomTextEncoding.FromSpecificCharacterSet(["ISO_IR 13"]).Decode([0xA0, 0xFD], DicomVR.LO));
    }

    [Fact]
    public void Should_read_shift_jis_kanji_under_iso_ir_13_as_dcmtk_does()
    {
        // 山田 in Shift_JIS (0x8E52 0x9363): not JIS X 0201, but common in Japanese files declaring ISO_IR 13.
        var encoding = DicomTextEncoding.FromSpecificCharacterSet(["ISO_IR 13"]);

        Assert.Equal("山田^ﾀﾛｳ\\x", encoding.Decode([0x8E, 0x52, 0x93, 0x63, 0x5E, 0xC0, 0xDB, 0xB3, 0x5C, 0x78], DicomVR.PN));
    }
}
