using System.Text;

namespace Peake.Dicom.Tests.Json;

public class DicomJsonReaderTests
{
    private static readonly DicomTag PatientName = new(0x0010, 0x0010);
    private static readonly DicomTag Tag = new(0x0011, 0x1001);

    private static DicomDataset Read(string json, DicomJsonOptions? options = null) => DicomJsonReader.Read(json, options);

    private static byte[] Bytes(DicomDataset ds, DicomTag tag) => ((DicomValueElement)ds[tag]!).Bytes.ToArray();

    [Theory]
    [InlineData("CS", """["A","B"]""", "A\\B ")]
    [InlineData("LO", """["A",null,"B"]""", "A\\\\B")]
    [InlineData("SH", "[null]", "")]
    [InlineData("DS", "[1.50,1e3,-0.0]", "1.50\\1e3\\-0.0 ")]
    [InlineData("DS", """["abc",3]""", "abc\\3 ")]
    [InlineData("IS", "[42,-7]", "42\\-7 ")]
    [InlineData("UI", """["1.2.3"]""", "1.2.3\0")]
    [InlineData("LT", """["  a\\b"]""", "  a\\b ")]
    [InlineData("PN", """[{"Alphabetic":"Doe^John","Ideographic":"I","Phonetic":"P"}]""", "Doe^John=I=P")]
    [InlineData("PN", """[{"Phonetic":"P"},null,{"Alphabetic":"A"}]""", "==P\\\\A")]
    [InlineData("PN", """[{"Alphabetic":"A","Ideographic":"I"}]""", "A=I ")]
    public void Should_encode_string_values_joined_and_padded(string vr, string value, string expected)
    {
        var ds = Read($$$"""{"00111001":{"vr":"{{{vr}}}","Value":{{{value}}}}}""");
        var e = (DicomValueElement)ds[Tag]!;
        Assert.Equal(DicomVR.Parse(vr), e.VR);
        Assert.Equal(expected, Encoding.Latin1.GetString(e.Bytes.Span));
    }

    [Fact]
    public void Should_encode_binary_numbers_little_endian()
    {
        var ds = Read("""
            {"00280011":{"vr":"US","Value":[65535,0]},"00280106":{"vr":"SS","Value":[-32768]},
             "00080040":{"vr":"UL","Value":[4294967295]},"00186020":{"vr":"SL","Value":[-2]},
             "00189089":{"vr":"FD","Value":[0.1,"NaN","-Infinity"]},"00189310":{"vr":"FL","Value":[0.100000001]},
             "00720082":{"vr":"SV","Value":[-5,"9223372036854775807"]},"00720083":{"vr":"UV","Value":["18446744073709551615"]},
             "00205000":{"vr":"AT","Value":["7FE00010"]}}
            """);
        Assert.Equal([ushort.MaxValue, (ushort)0], ds.GetValues<ushort>(new(0x0028, 0x0011)));
        Assert.Equal([short.MinValue], ds.GetValues<short>(new(0x0028, 0x0106)));
        Assert.Equal([uint.MaxValue], ds.GetValues<uint>(new(0x0008, 0x0040)));
        Assert.Equal([-2], ds.GetValues<int>(new(0x0018, 0x6020)));
        var fd = ds.GetValues<double>(new(0x0018, 0x9089));
        Assert.Equal(0.1, fd[0]);
        Assert.True(double.IsNaN(fd[1]));
        Assert.Equal(double.NegativeInfinity, fd[2]);
        Assert.Equal([0.1f], ds.GetValues<float>(new(0x0018, 0x9310)));
        Assert.Equal([-5L, long.MaxValue], ds.GetValues<long>(new(0x0072, 0x0082)));
        Assert.Equal([ulong.MaxValue], ds.GetValues<ulong>(new(0x0072, 0x0083)));
        Assert.Equal([0xE0, 0x7F, 0x10, 0x00], Bytes(ds, new(0x0020, 0x5000)));
    }

    [Fact]
    public void Should_decode_inline_binary_and_pad_to_even_length()
    {
        var ds = Read("""{"00111001":{"vr":"OB","InlineBinary":"AQID"}}""");
        Assert.Equal([1, 2, 3, 0], Bytes(ds, Tag));
    }

    [Fact]
    public void Should_read_elements_without_value_as_empty()
    {
        var ds = Read("""{"00100010":{"vr":"PN"},"00111001":{"vr":"OB"},"00111002":{"vr":"SQ"}}""");
        Assert.Equal(0, ((DicomValueElement)ds[PatientName]!).Length);
        Assert.Equal(0, ((DicomValueElement)ds[Tag]!).Length);
        Assert.Empty(ds.GetSequence(new(0x0011, 0x1002))!.Items);
    }

    [Fact]
    public void Should_read_nested_sequences_with_parents_set()
    {
        var ds = Read("""{"0040A730":{"vr":"SQ","Value":[{"0040A010":{"vr":"CS","Value":["X"]}},{}]}}""");
        var seq = ds.GetSequence(new(0x0040, 0xA730))!;
        Assert.Equal(2, seq.Items.Count);
        Assert.Equal("X", seq.Items[0].GetString(new(0x0040, 0xA010)));
        Assert.Same(ds, seq.Items[0].Parent);
        Assert.Equal(0, seq.Items[1].Count);
    }

    [Fact]
    public void Should_declare_utf8_when_json_text_is_not_ascii_and_no_character_set_is_given()
    {
        var ds = Read("""{"00100010":{"vr":"PN","Value":[{"Alphabetic":"Müller^Jörg"}]}}""");
        Assert.Equal("ISO_IR 192", ds.GetString(new(0x0008, 0x0005)));
        Assert.Equal(Encoding.UTF8.GetBytes("Müller^Jörg "), Bytes(ds, PatientName));
        Assert.Equal("Müller^Jörg", ds.GetString(PatientName));
    }

    [Fact]
    public void Should_not_add_a_character_set_for_ascii_text()
    {
        var ds = Read("""{"00100010":{"vr":"PN","Value":[{"Alphabetic":"Doe"}]}}""");
        Assert.False(ds.Contains(new(0x0008, 0x0005)));
    }

    [Fact]
    public void Should_resolve_bulk_data_uris_through_the_resolver()
    {
        byte[] data = [9, 8, 7, 6];
        DicomJsonBulkDataReference? seen = null;
        var options = new DicomJsonOptions
        {
            BulkDataResolver = r =>
            {
                seen = r;
                return new DicomBulkData(() => new MemoryStream(data), 0, data.Length);
            },
        };
        var ds = Read("""{"7FE00010":{"vr":"OW","BulkDataURI":"https://x/bulk/1"}}""", options);
        var e = (DicomValueElement)ds[new(0x7FE0, 0x0010)]!;
        Assert.False(e.IsLoaded);
        Assert.Equal(data, e.Bytes.ToArray());
        Assert.Equal("https://x/bulk/1", seen!.Uri);
        Assert.Equal(DicomVR.OW, seen.VR);
    }

    [Fact]
    public void Should_store_unresolved_bulk_data_empty_and_warn()
    {
        var warnings = new List<DicomJsonWarning>();
        var ds = Read("""{"7FE00010":{"vr":"OW","BulkDataURI":"https://x/bulk/1"}}""", new() { Warning = warnings.Add });
        Assert.Equal(0, ((DicomValueElement)ds[new(0x7FE0, 0x0010)]!).Length);
        var w = Assert.Single(warnings);
        Assert.Equal("$.7FE00010.BulkDataURI", w.Path);
        Assert.Contains("https://x/bulk/1", w.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_read_an_encapsulated_item_stream_back_into_fragments()
    {
        byte[] stream = [0xFE, 0xFF, 0x00, 0xE0, 4, 0, 0, 0, 0, 0, 0, 0, 0xFE, 0xFF, 0x00, 0xE0, 2, 0, 0, 0, 7, 7, 0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0];
        var ds = Read($$$"""{"7FE00010":{"vr":"OB","InlineBinary":"{{{Convert.ToBase64String(stream)}}}"}}""");
        var fragments = Assert.IsType<DicomFragments>(ds[new(0x7FE0, 0x0010)]);
        Assert.Equal([0u], fragments.BasicOffsets());
        Assert.Equal([7, 7], Assert.Single(fragments.Fragments).Bytes.ToArray());
    }

    [Fact]
    public void Should_keep_native_pixel_data_that_is_no_item_stream()
    {
        byte[] native = [0xFE, 0xFF, 0x00, 0xE0, 200, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8];
        var ds = Read($$$"""{"7FE00010":{"vr":"OB","InlineBinary":"{{{Convert.ToBase64String(native)}}}"}}""");
        Assert.Equal(native, Bytes(ds, new(0x7FE0, 0x0010)));
    }

    [Theory]
    [InlineData("""{"00100010":""", "$")]
    [InlineData("""[1,2]""", "$")]
    [InlineData("""{"0010001":{"vr":"PN"}}""", "$.0010001")]
    [InlineData("""{"0010001G":{"vr":"PN"}}""", "$.0010001G")]
    [InlineData("""{"00100010":"Doe"}""", "$.00100010")]
    [InlineData("""{"00100010":{"Value":["Doe"]}}""", "$.00100010")]
    [InlineData("""{"00100010":{"vr":"XX"}}""", "$.00100010.vr")]
    [InlineData("""{"00100010":{"vr":"PN","Value":"Doe"}}""", "$.00100010.Value")]
    [InlineData("""{"00100010":{"vr":"PN","Value":[{"Alphabetical":"Doe"}]}}""", "$.00100010.Value[0]")]
    [InlineData("""{"00100010":{"vr":"PN","Value":[{"Alphabetic":"A=B"}]}}""", "$.00100010.Value[0].Alphabetic")]
    [InlineData("""{"00100020":{"vr":"LO","Value":["a\\b"]}}""", "$.00100020.Value[0]")]
    [InlineData("""{"00100020":{"vr":"LO","Value":[true]}}""", "$.00100020.Value[0]")]
    [InlineData("""{"00080060":{"vr":"CS","Value":["é"]}}""", "$.00080060.Value")]
    [InlineData("""{"00104000":{"vr":"LT","Value":["a","b"]}}""", "$.00104000.Value")]
    [InlineData("""{"00280010":{"vr":"US","Value":[65536]}}""", "$.00280010.Value[0]")]
    [InlineData("""{"00280010":{"vr":"US","Value":[-1]}}""", "$.00280010.Value[0]")]
    [InlineData("""{"00280010":{"vr":"US","Value":[1.5]}}""", "$.00280010.Value[0]")]
    [InlineData("""{"00280010":{"vr":"US","Value":[null]}}""", "$.00280010.Value[0]")]
    [InlineData("""{"00280010":{"vr":"US","Value":["x"]}}""", "$.00280010.Value[0]")]
    [InlineData("""{"00189089":{"vr":"FD","Value":[{}]}}""", "$.00189089.Value[0]")]
    [InlineData("""{"00205000":{"vr":"AT","Value":["0010"]}}""", "$.00205000.Value[0]")]
    [InlineData("""{"00111001":{"vr":"OB","InlineBinary":"***"}}""", "$.00111001.InlineBinary")]
    [InlineData("""{"00111001":{"vr":"OB","InlineBinary":5}}""", "$.00111001.InlineBinary")]
    [InlineData("""{"00111001":{"vr":"OB","Value":[1,2]}}""", "$.00111001.Value")]
    [InlineData("""{"00111001":{"vr":"OB","BulkDataURI":7}}""", "$.00111001.BulkDataURI")]
    [InlineData("""{"00111001":{"vr":"OB","InlineBinary":"AA==","BulkDataURI":"x"}}""", "$.00111001")]
    [InlineData("""{"0040A730":{"vr":"SQ","Value":[1]}}""", "$.0040A730.Value[0]")]
    [InlineData("""{"0040A730":{"vr":"SQ","Value":{}}}""", "$.0040A730.Value")]
    [InlineData("""{"0040A730":{"vr":"SQ","InlineBinary":"AA=="}}""", "$.0040A730")]
    [InlineData("""{"0040A730":{"vr":"SQ","Value":[{"0040A730":{"vr":"SQ","Value":[{"00280010":{"vr":"US","Value":[-1]}}]}}]}}""", "$.0040A730.Value[0].0040A730.Value[0].00280010.Value[0]")]
    public void Should_refuse_bad_json_with_a_dicom_json_exception_naming_the_path(string json, string path)
    {
        var ex = Assert.Throws<DicomJsonException>(() => Read(json));
        Assert.Equal(path, ex.Path);
    }

    [Fact]
    public void Should_refuse_nesting_deeper_than_the_limit()
    {
        var json = new StringBuilder();
        for (var i = 0; i < 300; i++)
        {
            json.Append("""{"0040A730":{"vr":"SQ","Value":[""");
        }

        json.Append("{}");
        for (var i = 0; i < 300; i++)
        {
            json.Append("]}}");
        }

        Assert.Throws<DicomJsonException>(() => Read(json.ToString()));
    }

    [Fact]
    public void Should_refuse_random_garbage_only_with_dicom_json_exceptions()
    {
        var rng = new Random(1234);
        const string Alphabet = "{}[]\":,0123456789ABCDEFabcdefnulltrue vrValueInlineBinaryBulkDataURIPNSQUSOBAT\\";
        for (var i = 0; i < 2000; i++)
        {
            var chars = new char[rng.Next(1, 80)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = Alphabet[rng.Next(Alphabet.Length)];
            }

            try
            {
                Read(new string(chars));
            }
            catch (DicomJsonException)
            {
            }
        }
    }

    [Fact]
    public void Should_encode_text_with_the_character_set_wherever_its_key_stands()
    {
        var ds = DicomJsonReader.Read("""{"00100010":{"vr":"PN","Value":[{"Alphabetic":"René"}]},"00080005":{"vr":"CS","Value":["ISO_IR 100"]}}""");
        var bytes = Assert.IsType<DicomValueElement>(ds[new DicomTag(0x0010, 0x0010)]).Bytes.ToArray();
        Assert.Equal(Encoding.Latin1.GetBytes("René"), bytes);
    }

    [Fact]
    public void Should_refuse_item_and_delimitation_tags_as_data_elements()
    {
        var e = Assert.Throws<DicomJsonException>(() => DicomJsonReader.Read("""{"FFFEE000":{"vr":"OB"}}"""));
        Assert.Contains("FFFEE000", e.Message, StringComparison.Ordinal);
    }
}
