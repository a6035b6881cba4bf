using System.Text;
using System.Text.Json;

namespace Peake.Dicom.Tests.Json;

public class DicomJsonWriterTests
{
    private static readonly DicomTag PatientName = new(0x0010, 0x0010);
    private static readonly DicomTag PixelData = new(0x7FE0, 0x0010);

    private static DicomDataset With(DicomTag tag, DicomVR vr, string raw)
    {
        var ds = new DicomDataset();
        ds.Set(new DicomValueElement(tag, vr, DicomValueText.Pad(Encoding.Latin1.GetBytes(raw), vr)));
        return ds;
    }

    private static DicomDataset WithBytes(DicomTag tag, DicomVR vr, params byte[] bytes)
    {
        var ds = new DicomDataset();
        ds.Set(new DicomValueElement(tag, vr, bytes));
        return ds;
    }

    private static string Json(DicomDataset ds, DicomJsonOptions? options = null) => DicomJsonWriter.Serialize(ds, options);

    [Fact]
    public void Should_write_tag_keys_as_eight_upper_case_hex_digits_with_vr_and_value()
    {
        Assert.Equal("""{"0040A010":{"vr":"CS","Value":["CONTAINS"]}}""", Json(With(new(0x0040, 0xA010), DicomVR.CS, "CONTAINS")));
    }

    [Theory]
    [InlineData("SH", " ACC 1 ", """["ACC 1"]""")]
    [InlineData("AE", " AE1 \\AE2", """["AE1","AE2"]""")]
    [InlineData("LO", "A\\\\B\\", """["A",null,"B",null]""")]
    [InlineData("LT", "  leading \\ kept  ", """["  leading \\ kept"]""")]
    [InlineData("ST", " address ", """[" address"]""")]
    [InlineData("UT", " text ", """[" text"]""")]
    [InlineData("UC", " uc1 \\ uc2 ", """[" uc1"," uc2"]""")]
    [InlineData("UR", "http://x.org/a ", """["http://x.org/a"]""")]
    [InlineData("TM", "101010.5 ", """["101010.5"]""")]
    [InlineData("DS", "  12 \\ 1e3\\-0.0\\+5\\.5", "[12,1e3,-0.0,5,0.5]")]
    [InlineData("DS", "abc\\1,5\\\\ 3 ", """["abc","1,5",null,3]""")]
    [InlineData("IS", "+0042\\-7\\007\\1.5", """[42,-7,7,"1.5"]""")]
    [InlineData("LT", "tab\tquote\"", """["tab\tquote\""]""")]
    public void Should_split_and_trim_string_values_per_vr(string vr, string raw, string expectedValue)
    {
        var json = Json(With(new(0x0011, 0x1001), DicomVR.Parse(vr), raw));
        var expected = JsonDocument.Parse(expectedValue).RootElement;
        var actual = JsonDocument.Parse(json).RootElement.GetProperty("00111001").GetProperty("Value");
        Assert.Equal(expected.GetRawText(), actual.GetRawText());
    }

    [Theory]
    [InlineData("LO", "")]
    [InlineData("LO", "\\\\")]
    [InlineData("DS", " ")]
    [InlineData("IS", "\\")]
    [InlineData("CS", "\\")]
    [InlineData("PN", "==")]
    [InlineData("PN", " ^ ")]
    [InlineData("UT", "   ")]
    public void Should_omit_value_of_elements_with_only_padding_and_separators(string vr, string raw)
    {
        Assert.Equal($$$"""{"00111001":{"vr":"{{{vr}}}"}}""", Json(With(new(0x0011, 0x1001), DicomVR.Parse(vr), raw)));
    }

    [Theory]
    [InlineData("Doe^John=Ideo^Gr=Pho^N", """[{"Alphabetic":"Doe^John","Ideographic":"Ideo^Gr","Phonetic":"Pho^N"}]""")]
    [InlineData("A^B\\C^D=E", """[{"Alphabetic":"A^B"},{"Alphabetic":"C^D","Ideographic":"E"}]""")]
    [InlineData("\\A^B\\", """[null,{"Alphabetic":"A^B"},null]""")]
    [InlineData("=I", """[{"Ideographic":"I"}]""")]
    [InlineData("A==P", """[{"Alphabetic":"A","Phonetic":"P"}]""")]
    [InlineData(" Doe ^ John ^^ ", """[{"Alphabetic":"Doe^John"}]""")]
    [InlineData("^John", """[{"Alphabetic":"^John"}]""")]
    [InlineData("A^^B", """[{"Alphabetic":"A^^B"}]""")]
    [InlineData("A=B=C=D", """[{"Alphabetic":"A","Ideographic":"B","Phonetic":"C"}]""")]
    [InlineData("==\\", "[null,null]")]
    public void Should_write_person_names_as_component_group_objects(string raw, string expectedValue)
    {
        var json = Json(With(PatientName, DicomVR.PN, raw));
        var actual = JsonDocument.Parse(json).RootElement.GetProperty("00100010").GetProperty("Value");
        Assert.Equal(JsonDocument.Parse(expectedValue).RootElement.GetRawText(), actual.GetRawText());
    }

    [Fact]
    public void Should_decode_person_names_with_the_specific_character_set_and_declare_utf8()
    {
        var ds = new DicomDataset();
        ds.Set(new DicomValueElement(new(0x0008, 0x0005), DicomVR.CS, Encoding.ASCII.GetBytes("ISO_IR 192")));
        ds.Set(new DicomValueElement(PatientName, DicomVR.PN, Encoding.UTF8.GetBytes("Müller^Jörg")));
        Assert.Equal("""{"00080005":{"vr":"CS","Value":["ISO_IR 192"]},"00100010":{"vr":"PN","Value":[{"Alphabetic":"Müller^Jörg"}]}}""", Json(ds));
    }

    [Fact]
    public void Should_rewrite_a_legacy_specific_character_set_as_utf8()
    {
        var json = Json(With(new(0x0008, 0x0005), DicomVR.CS, "ISO_IR 100"));
        Assert.Equal("""{"00080005":{"vr":"CS","Value":["ISO_IR 192"]}}""", json);
        var kept = Json(With(new(0x0008, 0x0005), DicomVR.CS, "ISO_IR 100"), new() { RewriteSpecificCharacterSet = false });
        Assert.Equal("""{"00080005":{"vr":"CS","Value":["ISO_IR 100"]}}""", kept);
    }

    [Fact]
    public void Should_keep_an_items_own_specific_character_set_as_dcm2json_does()
    {
        var item = With(new(0x0008, 0x0005), DicomVR.CS, "ISO_IR 100");
        var ds = new DicomDataset();
        ds.Set(new DicomSequence(new(0x0004, 0x1220), [item]));
        Assert.Equal("""{"00041220":{"vr":"SQ","Value":[{"00080005":{"vr":"CS","Value":["ISO_IR 100"]}}]}}""", Json(ds));
    }

    [Fact]
    public void Should_pad_an_odd_length_binary_value_with_a_NUL_as_dcmtk_reads_it()
    {
        // "Nested SQ" is 9 bytes: dcm2json shows it as 10, the last one NUL.
        var json = Json(WithBytes(new(0x0001, 0x0002), DicomVR.UN, Encoding.ASCII.GetBytes("Nested SQ")));
        Assert.Equal("""{"00010002":{"vr":"UN","InlineBinary":"TmVzdGVkIFNRAA=="}}""", json);
    }

    [Fact]
    public void Should_write_an_empty_specific_character_set_of_a_non_string_VR_as_an_empty_element()
    {
        // An explicit VR file may label (0008,0005) UN; the top-level rewrite applies only to its CS form.
        Assert.Equal("""{"00080005":{"vr":"UN"}}""", Json(WithBytes(new(0x0008, 0x0005), DicomVR.UN)));
    }

    [Fact]
    public void Should_declare_utf8_even_for_an_empty_specific_character_set()
    {
        Assert.Equal("""{"00080005":{"vr":"CS","Value":["ISO_IR 192"]}}""", Json(With(new(0x0008, 0x0005), DicomVR.CS, string.Empty)));
    }

    [Fact]
    public void Should_write_binary_integers_as_numbers()
    {
        var ds = new DicomDataset();
        ds.SetValues(new(0x0028, 0x0011), DicomVR.US, (ushort)65535, (ushort)0);
        ds.SetValues(new(0x0028, 0x0106), DicomVR.SS, short.MinValue, short.MaxValue);
        ds.SetValues(new(0x0008, 0x0040), DicomVR.UL, uint.MaxValue);
        ds.SetValues(new(0x0018, 0x6020), DicomVR.SL, int.MinValue, 7);
        var root = JsonDocument.Parse(Json(ds)).RootElement;
        Assert.Equal("[65535,0]", root.GetProperty("00280011").GetProperty("Value").GetRawText());
        Assert.Equal("[-32768,32767]", root.GetProperty("00280106").GetProperty("Value").GetRawText());
        Assert.Equal("[4294967295]", root.GetProperty("00080040").GetProperty("Value").GetRawText());
        Assert.Equal("[-2147483648,7]", root.GetProperty("00186020").GetProperty("Value").GetRawText());
    }

    [Fact]
    public void Should_write_64_bit_integers_beyond_2_pow_53_as_strings()
    {
        var ds = new DicomDataset();
        ds.SetValues(new(0x0072, 0x0082), DicomVR.SV, 9007199254740991L, 9007199254740992L, -9007199254740991L, -9007199254740992L, long.MaxValue);
        ds.SetValues(new(0x0072, 0x0083), DicomVR.UV, 9007199254740991UL, 9007199254740992UL, ulong.MaxValue);
        var root = JsonDocument.Parse(Json(ds)).RootElement;
        Assert.Equal("""[9007199254740991,"9007199254740992",-9007199254740991,"-9007199254740992","9223372036854775807"]""", root.GetProperty("00720082").GetProperty("Value").GetRawText());
        Assert.Equal("""[9007199254740991,"9007199254740992","18446744073709551615"]""", root.GetProperty("00720083").GetProperty("Value").GetRawText());
    }

    [Fact]
    public void Should_write_floats_like_dcm2json()
    {
        var ds = new DicomDataset();
        ds.SetValues(new(0x0018, 0x9089), DicomVR.FD, 0.1, 1.5, -2, 1e20, 1e-5);
        ds.SetValues(new(0x0018, 0x9310), DicomVR.FL, 0.1f, 1.5f, 3.4028235e38f);
        var root = JsonDocument.Parse(Json(ds)).RootElement;
        Assert.Equal("[0.1,1.5,-2,1e20,1e-05]", root.GetProperty("00189089").GetProperty("Value").GetRawText());
        Assert.Equal("[0.100000001,1.5,3.40282347e38]", root.GetProperty("00189310").GetProperty("Value").GetRawText());
    }

    [Fact]
    public void Should_write_non_finite_floats_as_strings_by_default_or_refuse_when_strict()
    {
        var ds = new DicomDataset();
        ds.SetValues(new(0x0018, 0x9089), DicomVR.FD, double.NaN, double.PositiveInfinity, double.NegativeInfinity);
        Assert.Equal("""{"00189089":{"vr":"FD","Value":["NaN","Infinity","-Infinity"]}}""", Json(ds));
        var ex = Assert.Throws<DicomJsonException>(() => Json(ds, new() { NonFiniteNumbers = DicomJsonNonFiniteNumbers.Throw }));
        Assert.Equal("$.00189089", ex.Path);
        Assert.Equal("""{"00189089":{"vr":"FD","Value":[nan,inf,-inf]}}""", Json(ds, new() { NonFiniteNumbers = DicomJsonNonFiniteNumbers.Extended }));
    }

    [Fact]
    public void Should_write_attribute_tags_as_hex_strings()
    {
        var ds = WithBytes(new(0x0020, 0x5000), DicomVR.AT, 0x10, 0x00, 0x20, 0x00, 0xE0, 0x7F, 0x10, 0x00);
        Assert.Equal("""{"00205000":{"vr":"AT","Value":["00100020","7FE00010"]}}""", Json(ds));
    }

    [Theory]
    [InlineData("OB")]
    [InlineData("OW")]
    [InlineData("OF")]
    [InlineData("OD")]
    [InlineData("OL")]
    [InlineData("OV")]
    [InlineData("UN")]
    public void Should_write_other_vrs_as_inline_binary_of_the_little_endian_bytes(string vr)
    {
        var ds = WithBytes(new(0x0011, 0x1001), DicomVR.Parse(vr), 1, 2, 3, 4, 5, 6, 7, 8);
        Assert.Equal($$$"""{"00111001":{"vr":"{{{vr}}}","InlineBinary":"AQIDBAUGBwg="}}""", Json(ds));
    }

    [Theory]
    [InlineData("OB")]
    [InlineData("US")]
    [InlineData("AT")]
    [InlineData("FD")]
    [InlineData("UN")]
    public void Should_write_empty_binary_elements_without_value(string vr)
    {
        Assert.Equal($$$"""{"00111001":{"vr":"{{{vr}}}"}}""", Json(WithBytes(new(0x0011, 0x1001), DicomVR.Parse(vr))));
    }

    [Fact]
    public void Should_write_sequences_as_arrays_of_item_objects_including_empty_items()
    {
        var inner = new DicomDataset();
        inner.SetString(new(0x0040, 0xA010), DicomVR.CS, "X");
        var item = new DicomDataset();
        item.Set(new DicomSequence(new(0x0040, 0xA730), [inner]));
        var ds = new DicomDataset();
        ds.Set(new DicomSequence(new(0x0040, 0xA730), [item, new DicomDataset()]));
        ds.Set(new DicomSequence(new(0x0011, 0x1007)));
        Assert.Equal(
            """{"00111007":{"vr":"SQ"},"0040A730":{"vr":"SQ","Value":[{"0040A730":{"vr":"SQ","Value":[{"0040A010":{"vr":"CS","Value":["X"]}}]}},{}]}}""",
            Json(ds));
    }

    [Fact]
    public void Should_skip_group_lengths_and_file_meta_unless_asked()
    {
        var ds = new DicomDataset();
        ds.SetValues(new(0x0002, 0x0000), DicomVR.UL, 10u);
        ds.SetString(new(0x0002, 0x0010), DicomVR.UI, "1.2.840.10008.1.2.1");
        ds.SetValues(new(0x0008, 0x0000), DicomVR.UL, 10u);
        ds.SetString(new(0x0008, 0x0060), DicomVR.CS, "OT");
        Assert.Equal("""{"00080060":{"vr":"CS","Value":["OT"]}}""", Json(ds));
        var all = JsonDocument.Parse(Json(ds, new() { IncludeGroupLengths = true, IncludeFileMetaInformation = true })).RootElement;
        Assert.Equal(["00020000", "00020010", "00080000", "00080060"], all.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Should_write_private_elements_with_their_full_tags()
    {
        var ds = new DicomDataset();
        ds.SetString(new(0x0009, 0x0010), DicomVR.LO, "MYCREATOR");
        ds.SetString(new(0x0009, 0x1001), DicomVR.LO, "private value");
        Assert.Equal("""{"00090010":{"vr":"LO","Value":["MYCREATOR"]},"00091001":{"vr":"LO","Value":["private value"]}}""", Json(ds));
    }

    [Fact]
    public void Should_ask_for_a_bulk_data_uri_only_at_or_above_the_threshold()
    {
        var ds = new DicomDataset();
        ds.Set(new DicomValueElement(new(0x0011, 0x1001), DicomVR.OB, new byte[4]));
        ds.Set(new DicomValueElement(PixelData, DicomVR.OW, new byte[16]));
        var requests = new List<DicomJsonBulkDataRequest>();
        var options = new DicomJsonOptions
        {
            BulkDataThreshold = 16,
            BulkDataUriFor = r =>
            {
                requests.Add(r);
                return $"https://archive/bulk/{r.Path}";
            },
        };
        Assert.Equal(
            """{"00111001":{"vr":"OB","InlineBinary":"AAAAAA=="},"7FE00010":{"vr":"OW","BulkDataURI":"https://archive/bulk/7FE00010"}}""",
            Json(ds, options));
        var request = Assert.Single(requests);
        Assert.Equal(PixelData, request.Tag);
        Assert.Equal(16, request.Length);
    }

    [Fact]
    public void Should_give_the_item_path_of_nested_bulk_data()
    {
        var item = new DicomDataset();
        item.Set(new DicomValueElement(new(0x0042, 0x0011), DicomVR.OB, new byte[8]));
        var ds = new DicomDataset();
        ds.Set(new DicomSequence(new(0x0040, 0xA730), [new DicomDataset(), item]));
        string? path = null;
        Json(ds, new() { BulkDataThreshold = 0, BulkDataUriFor = r => path = r.Path });
        Assert.Equal("0040A730/1/00420011", path);
    }

    [Fact]
    public void Should_write_encapsulated_pixel_data_as_its_item_stream()
    {
        var offsets = new DicomValueElement(DicomTag.Item, DicomVR.OB, ReadOnlyMemory<byte>.Empty);
        var frame = new DicomValueElement(DicomTag.Item, DicomVR.OB, new byte[] { 1, 2, 3, 4 });
        var ds = new DicomDataset();
        ds.Set(new DicomFragments(PixelData, DicomVR.OB, offsets, [frame]));
        var root = JsonDocument.Parse(Json(ds)).RootElement.GetProperty("7FE00010");
        Assert.Equal("OB", root.GetProperty("vr").GetString());
        byte[] expected = [0xFE, 0xFF, 0x00, 0xE0, 0, 0, 0, 0, 0xFE, 0xFF, 0x00, 0xE0, 4, 0, 0, 0, 1, 2, 3, 4, 0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0];
        Assert.Equal(expected, root.GetProperty("InlineBinary").GetBytesFromBase64());
    }

    [Fact]
    public void Should_indent_when_asked()
    {
        var json = Json(With(new(0x0008, 0x0060), DicomVR.CS, "OT"), new() { Indented = true });
        Assert.Contains("\n", json, StringComparison.Ordinal);
        Assert.Equal("""{"00080060":{"vr":"CS","Value":["OT"]}}""", JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement));
    }
}
