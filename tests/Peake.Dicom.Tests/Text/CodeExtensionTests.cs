namespace Peake.Dicom.Tests.Text;

/// <summary>ISO/IEC 2022 code extensions (PS3.5 6.1.2.5): escape sequences, resets at delimiters, and leniency.</summary>
public class CodeExtensionTests
{
    private static readonly DicomTextEncoding Japanese = DicomTextEncoding.FromSpecificCharacterSet(["", "ISO 2022 IR 87"]);

    [Fact]
    public void Should_return_the_initial_g1_set_at_a_value_delimiter()
    {
        var encoding = DicomTextEncoding.FromSpecificCharacterSet(["ISO 2022 IR 100", "ISO 2022 IR 126"]);

        // ESC - F puts Greek in G1; after the backslash Latin-1 is back (PS3.5 6.1.2.5.3), as in dcmtk.
        var text = encoding.Decode([0x1B, 0x2D, 0x46, 0xC4, 0x5C, 0xC4], DicomVR.LO);

        Assert.Equal("Δ\\Ä", text);
    }

    [Fact]
    public void Should_switch_between_single_byte_sets_by_escape_sequences_and_back()
    {
        var encoding = DicomTextEncoding.FromSpecificCharacterSet(["ISO 2022 IR 100", "ISO 2022 IR 126"]);

        var bytes = encoding.Encode("éΔé", DicomVR.LO);

        Assert.Equal("E91B2D46C41B2D41E9", Convert.ToHexString(bytes));
        Assert.Equal("éΔé", encoding.Decode(bytes, DicomVR.LO));
    }

    [Fact]
    public void Should_read_a_jis_x_0208_code_whose_second_byte_is_a_backslash_as_one_character()
    {
        // ぼ is 02/04 05/12 in JIS X 0208: inside ESC $ B the 05/12 is no value separator.
        var text = Japanese.Decode([0x1B, 0x24, 0x42, 0x24, 0x5C, 0x1B, 0x28, 0x42], DicomVR.LO);

        Assert.Equal("ぼ", text);
        Assert.Equal([0x1B, 0x24, 0x42, 0x24, 0x5C, 0x1B, 0x28, 0x42], Japanese.Encode("ぼ", DicomVR.LO));
    }

    [Fact]
    public void Should_return_to_the_default_repertoire_before_each_value_of_a_multi_valued_element()
    {
        var bytes = Japanese.Encode("山\\a", DicomVR.LO);

        Assert.Equal("1B24423B331B28425C61", Convert.ToHexString(bytes));
        Assert.Equal("山\\a", Japanese.Decode(bytes, DicomVR.LO));
    }

    [Fact]
    public void Should_decode_and_encode_jis_x_0212_from_the_generated_table()
    {
        var encoding = DicomTextEncoding.FromSpecificCharacterSet(["", "ISO 2022 IR 87", "ISO 2022 IR 159"]);
        var bytes = Convert.FromHexString("1B24423F391B242844" + "6C3F" + "1B2442" + "3330" + "1B2842");

        // Mori Ōgai: 鷗 is in JIS X 0212 only, ESC $ ( D designates it to G0.
        Assert.Equal("森鷗外", encoding.Decode(bytes, DicomVR.PN));
        Assert.Equal(bytes, encoding.Encode("森鷗外", DicomVR.PN));
    }

    [Fact]
    public void Should_decode_korean_that_designates_g1_only_once()
    {
        var encoding = DicomTextEncoding.FromSpecificCharacterSet(["", "ISO 2022 IR 149"]);
        var bytes = Convert.FromHexString("486F6E673D1B242943FBF35ED1CED4D73DC8AB5EB1E6B5BF");

        Assert.Equal("Hong=洪^吉洞=홍^길동", encoding.Decode(bytes, DicomVR.PN));
    }

    [Fact]
    public void Should_decode_korean_without_any_escape_sequence()
    {
        var encoding = DicomTextEncoding.FromSpecificCharacterSet(["ISO 2022 IR 149"]);

        Assert.Equal("홍^길동", encoding.Decode(Convert.FromHexString("C8AB5EB1E6B5BF"), DicomVR.PN));
    }

    [Fact]
    public void Should_honour_escape_sequences_even_under_a_term_without_code_extensions()
    {
        var encoding = DicomTextEncoding.FromSpecificCharacterSet(["ISO_IR 100"]);

        Assert.Equal("é山", encoding.Decode(Convert.FromHexString("E91B24423B331B2842"), DicomVR.LO));
    }

    [Fact]
    public void Should_not_use_escape_sequences_when_encoding_without_code_extensions()
    {
        var encoding = DicomTextEncoding.FromSpecificCharacterSet(["ISO_IR 100"]);

        Assert.Throws<System.Text.EncoderFallbackException>(() => encoding.Encode("Δ", DicomVR.LO));
    }

    [Fact]
    public void Should_fall_back_to_the_default_repertoire_after_an_unknown_escape_sequence()
    {
        // ESC $ Z designates nothing DICOM knows.
        var text = Japanese.Decode(Convert.FromHexString("61621B245A78797A"), DicomVR.LO);

        Assert.Equal("abxyz", text);
    }

    [Fact]
    public void Should_replace_a_truncated_two_byte_code_and_a_broken_escape_sequence()
    {
        var text = Japanese.Decode(Convert.FromHexString("1B24423B331B2842" + "1B2442" + "3B" + "1B28"), DicomVR.LO);

        Assert.Equal("山\uFFFD\uFFFD", text);
    }

    [Fact]
    public void Should_reset_at_line_ends_in_text_values()
    {
        // No ESC ( B before CR LF: the decoder still starts the next line in ASCII.
        var text = Japanese.Decode(Convert.FromHexString("1B24423B330D0A4142"), DicomVR.LT);

        Assert.Equal("山\r\nAB", text);
    }

    [Fact]
    public void Should_decode_g1_bytes_with_the_declared_g1_set_when_no_escape_designated_it()
    {
        // Value 1 is ISO 2022 IR 6, so G1 starts empty; Latin-1 is the only G1 set declared.
        var encoding = DicomTextEncoding.FromSpecificCharacterSet(["ISO 2022 IR 6", "ISO 2022 IR 100"]);

        Assert.Equal("aé", encoding.Decode([0x61, 0xE9], DicomVR.LO));
    }

    [Fact]
    public void Should_decode_c1_bytes_as_c1_controls()
    {
        var encoding = DicomTextEncoding.FromSpecificCharacterSet(["ISO_IR 166"]);

        Assert.Equal("\u0085ส", encoding.Decode([0x85, 0xCA], DicomVR.LO));
    }

    [Fact]
    public void Should_cache_one_instance_per_term_list()
    {
        var a = DicomTextEncoding.FromSpecificCharacterSet(["", "ISO 2022 IR 87"]);
        var b = DicomTextEncoding.FromSpecificCharacterSet(new List<string> { "", "ISO 2022 IR 87" });

        Assert.Same(a, b);
        Assert.Same(DicomTextEncoding.Default, DicomTextEncoding.FromSpecificCharacterSet([]));
    }

    [Fact]
    public void Should_decode_multi_valued_japanese_names_through_the_data_set()
    {
        var dataset = new DicomDataset();
        dataset.SetString(new DicomTag(0x0008, 0x0005), DicomVR.CS, "\\ISO 2022 IR 87");
        dataset.SetString(new DicomTag(0x0010, 0x1001), DicomVR.PN, "山田^太郎\\やまだ^たろう");

        Assert.Equal(["山田^太郎", "やまだ^たろう"], dataset.GetStrings(new DicomTag(0x0010, 0x1001)));
    }
}
