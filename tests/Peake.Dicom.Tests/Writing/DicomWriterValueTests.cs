using System.Text;

namespace Peake.Dicom.Tests.Writing;

public class DicomWriterValueTests
{
    private static readonly DicomTag PatientName = new(0x0010, 0x0010);
    private static readonly DicomTag SopInstanceUid = new(0x0008, 0x0018);

    private static byte[] Write(DicomDataset ds, DicomTransferSyntax ts, DicomWriteOptions? options = null) => DicomWriter.ToBytes(ds, ts, options);

    private static DicomDataset With(params DicomElement[] elements)
    {
        var ds = new DicomDataset();
        foreach (var e in elements)
        {
            ds.Set(e);
        }

        return ds;
    }

    private static DicomValueElement Value(ushort group, ushort element, DicomVR vr, byte[] bytes) => new(new DicomTag(group, element), vr, bytes);

    [Fact]
    public void Given_short_VR_When_written_explicit_Then_header_has_VR_and_16_bit_length()
    {
        var ds = With(new DicomValueElement(PatientName, DicomVR.PN, Encoding.ASCII.GetBytes("Doe^John")));

        Assert.Equal(Bytes.Of("10 00 10 00", "\"PN\"", "08 00", "\"Doe^John\""), Write(ds, DicomTransferSyntax.ExplicitVRLittleEndian));
    }

    [Fact]
    public void Given_long_VR_When_written_explicit_Then_header_has_reserved_bytes_and_32_bit_length()
    {
        var ds = With(Value(0x0042, 0x0011, DicomVR.OB, [0xAB, 0xCD]), Value(0x0040, 0xA160, DicomVR.UT, Encoding.ASCII.GetBytes("ab")));

        Assert.Equal(
            Bytes.Of("40 00 60 A1", "\"UT\"", "00 00 02 00 00 00", "\"ab\"", "42 00 11 00", "\"OB\"", "00 00 02 00 00 00 AB CD"),
            Write(ds, DicomTransferSyntax.ExplicitVRLittleEndian));
    }

    [Theory]
    [InlineData("OD")]
    [InlineData("OF")]
    [InlineData("OL")]
    [InlineData("OV")]
    [InlineData("OW")]
    [InlineData("SV")]
    [InlineData("UC")]
    [InlineData("UR")]
    [InlineData("UV")]
    [InlineData("UN")]
    public void Given_each_long_length_VR_When_written_explicit_Then_it_uses_the_12_byte_header(string code)
    {
        var vr = DicomVR.Parse(code);
        var ds = With(Value(0x0011, 0x1001, vr, new byte[8]));

        Assert.Equal(Bytes.Of("11 00 01 10", $"\"{code}\"", "00 00 08 00 00 00 0000000000000000"), Write(ds, DicomTransferSyntax.ExplicitVRLittleEndian));
    }

    [Theory]
    [InlineData("AE")]
    [InlineData("AS")]
    [InlineData("AT")]
    [InlineData("CS")]
    [InlineData("DA")]
    [InlineData("DS")]
    [InlineData("DT")]
    [InlineData("FD")]
    [InlineData("FL")]
    [InlineData("IS")]
    [InlineData("LO")]
    [InlineData("LT")]
    [InlineData("PN")]
    [InlineData("SH")]
    [InlineData("SL")]
    [InlineData("SS")]
    [InlineData("ST")]
    [InlineData("TM")]
    [InlineData("UI")]
    [InlineData("UL")]
    [InlineData("US")]
    public void Given_each_short_length_VR_When_written_explicit_Then_it_uses_the_8_byte_header(string code)
    {
        var vr = DicomVR.Parse(code);
        var ds = With(Value(0x0011, 0x1001, vr, new byte[8]));

        Assert.Equal(Bytes.Of("11 00 01 10", $"\"{code}\"", "08 00 0000000000000000"), Write(ds, DicomTransferSyntax.ExplicitVRLittleEndian));
    }

    [Fact]
    public void Given_elements_When_written_implicit_Then_each_has_tag_and_32_bit_length_only()
    {
        var ds = With(new DicomValueElement(PatientName, DicomVR.PN, Encoding.ASCII.GetBytes("Doe^John")), Value(0x0042, 0x0011, DicomVR.OB, [1, 2]));

        Assert.Equal(
            Bytes.Of("10 00 10 00 08 00 00 00", "\"Doe^John\"", "42 00 11 00 02 00 00 00 01 02"),
            Write(ds, DicomTransferSyntax.ImplicitVRLittleEndian));
    }

    [Theory]
    [InlineData("PN", "20")]
    [InlineData("LO", "20")]
    [InlineData("CS", "20")]
    [InlineData("DS", "20")]
    [InlineData("UT", "20")]
    [InlineData("UR", "20")]
    [InlineData("UI", "00")]
    [InlineData("OB", "00")]
    [InlineData("UN", "00")]
    public void Given_odd_length_value_When_written_Then_padded_to_even_with_the_VR_padding_byte(string code, string pad)
    {
        var vr = DicomVR.Parse(code);
        var ds = With(Value(0x0011, 0x1001, vr, Encoding.ASCII.GetBytes("1.2")));

        var implicitBytes = Write(ds, DicomTransferSyntax.ImplicitVRLittleEndian);

        Assert.Equal(Bytes.Of("11 00 01 10 04 00 00 00", "\"1.2\"", pad), implicitBytes);
        var explicitBytes = Write(ds, DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal(Bytes.Of("\"1.2\"", pad), explicitBytes[^4..]);
        Assert.Equal(4, vr.HasLongLength ? BitConverter.ToInt32(explicitBytes, 8) : BitConverter.ToInt16(explicitBytes, 6));
    }

    [Fact]
    public void Given_UI_set_with_odd_length_When_written_Then_trailing_NUL_and_even_length()
    {
        var ds = new DicomDataset();
        ds.SetString(SopInstanceUid, DicomVR.UI, "1.2.840.1");

        Assert.Equal(Bytes.Of("08 00 18 00", "\"UI\"", "0A 00", "\"1.2.840.1\"", "00"), Write(ds, DicomTransferSyntax.ExplicitVRLittleEndian));
    }

    [Fact]
    public void Given_short_VR_value_over_65534_bytes_When_written_explicit_Then_written_as_UN_with_32_bit_length()
    {
        var value = new byte[70_000];
        Array.Fill(value, (byte)'A');
        var ds = With(Value(0x0011, 0x1001, DicomVR.LO, value));

        var bytes = Write(ds, DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.Equal(Bytes.Of("11 00 01 10", "\"UN\"", "00 00 70 11 01 00"), bytes[..12]);
        Assert.Equal(12 + 70_000, bytes.Length);
        Assert.Equal(Bytes.Of("11 00 01 10 70 11 01 00"), Write(ds, DicomTransferSyntax.ImplicitVRLittleEndian)[..8]);
    }

    [Fact]
    public void Given_short_VR_value_of_exactly_65534_bytes_When_written_explicit_Then_keeps_its_VR()
    {
        var ds = With(Value(0x0011, 0x1001, DicomVR.LT, new byte[0xFFFE]));

        Assert.Equal(Bytes.Of("11 00 01 10", "\"LT\"", "FE FF"), Write(ds, DicomTransferSyntax.ExplicitVRLittleEndian)[..8]);
    }

    [Fact]
    public void Given_bulk_value_When_written_Then_streamed_from_its_source_and_padded()
    {
        var source = new byte[] { 9, 9, 1, 2, 3, 9 };
        var bulk = new DicomBulkData(() => new MemoryStream(source, writable: false), offset: 2, length: 3);
        var ds = With(new DicomValueElement(new DicomTag(0x7FE0, 0x0010), DicomVR.OB, bulk));

        Assert.Equal(Bytes.Of("E0 7F 10 00", "\"OB\"", "00 00 04 00 00 00 01 02 03 00"), Write(ds, DicomTransferSyntax.ExplicitVRLittleEndian));
    }

    [Fact]
    public void Given_large_bulk_value_When_written_Then_bytes_equal_the_source()
    {
        var source = new byte[300_001];
        new Random(7).NextBytes(source);
        var bulk = new DicomBulkData(() => new MemoryStream(source, writable: false), offset: 1, length: 300_000);
        var ds = With(new DicomValueElement(new DicomTag(0x7FE0, 0x0010), DicomVR.OW, bulk));

        var bytes = Write(ds, DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.Equal(source.AsSpan(1).ToArray(), bytes[12..]);
    }

    [Fact]
    public void Given_value_longer_than_a_32_bit_length_When_written_Then_refused_before_reading_it()
    {
        var opened = false;
        var bulk = new DicomBulkData(() => { opened = true; return new MemoryStream(); }, 0, 0x1_0000_0000);
        var ds = With(new DicomValueElement(new DicomTag(0x7FE0, 0x0010), DicomVR.OB, bulk));

        var ex = Assert.Throws<InvalidOperationException>(() => Write(ds, DicomTransferSyntax.ExplicitVRLittleEndian));
        Assert.Contains("(7FE0,0010)", ex.Message, StringComparison.Ordinal);
        Assert.False(opened);
    }

    [Fact]
    public void Given_data_set_When_written_deflated_Then_inflates_to_the_explicit_encoding()
    {
        var ds = new DicomDataset();
        ds.SetString(PatientName, DicomVR.PN, string.Concat(Enumerable.Repeat("Doe^John\\", 50)));

        var deflated = Write(ds, DicomTransferSyntax.DeflatedExplicitVRLittleEndian);

        using var inflate = new System.IO.Compression.DeflateStream(new MemoryStream(deflated), System.IO.Compression.CompressionMode.Decompress);
        using var plain = new MemoryStream();
        inflate.CopyTo(plain);
        Assert.Equal(Write(ds, DicomTransferSyntax.ExplicitVRLittleEndian), plain.ToArray());
        Assert.True(deflated.Length < plain.Length);
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2.2")]
    [InlineData("1.2.840.10008.1.2.4.50")]
    [InlineData("1.2.840.10008.1.2.5")]
    [InlineData("1.2.840.10008.1.2.1.98")]
    [InlineData("1.2.3.4.5.6.7")]
    public void Given_big_endian_or_encapsulated_syntax_When_writing_Then_refused(string uid)
    {
        var ds = With(new DicomValueElement(PatientName, DicomVR.PN, Encoding.ASCII.GetBytes("Doe^")));

        var ex = Assert.Throws<NotSupportedException>(() => Write(ds, DicomTransferSyntax.Parse(uid)));
        Assert.Contains(uid, ex.Message, StringComparison.Ordinal);
    }
}
