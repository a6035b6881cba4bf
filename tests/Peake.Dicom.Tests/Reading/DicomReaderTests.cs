using System.IO.Compression;
using System.Text;

namespace Peake.Dicom.Tests.Reading;

public class DicomReaderTests
{
    private static readonly DicomTag PatientName = new(0x0010, 0x0010);
    private static readonly DicomTag Rows = new(0x0028, 0x0010);
    private static readonly DicomTag PixelData = new(0x7FE0, 0x0010);

    private static DicomFile ReadFile(byte[] bytes, DicomReadOptions? options = null) =>
        DicomFile.Read(new MemoryStream(bytes), options);

    [Fact]
    public void Should_read_explicit_little_endian_values_and_trim_padding()
    {
        var ds = new RawDicom()
            .ExplicitString(0x0010, 0x0010, "PN", "Doe^John ")
            .Explicit(0x0028, 0x0010, "US", [0x00, 0x02])
            .ToArray();
        var file = ReadFile(RawDicom.Part10("1.2.840.10008.1.2.1", ds));

        Assert.Equal(DicomTransferSyntax.ExplicitVRLittleEndian, file.TransferSyntax);
        Assert.Equal("Doe^John", file.Dataset.GetString(PatientName));
        Assert.Equal([(ushort)512], file.Dataset.GetValues<ushort>(Rows));
        Assert.NotNull(file.Preamble);
    }

    [Fact]
    public void Should_read_big_endian_numbers_as_little_endian()
    {
        var ds = new RawDicom(bigEndian: true)
            .Tag(0x0028, 0x0010).Ascii("US").U16(2).U16(512)
            .ToArray();
        var file = ReadFile(RawDicom.Part10("1.2.840.10008.1.2.2", ds));

        Assert.Equal([(ushort)512], file.Dataset.GetValues<ushort>(Rows));
    }

    [Fact]
    public void Should_read_nested_undefined_length_sequences_in_implicit_vr()
    {
        // (0008,1115) undefined length: one undefined-length item holding (0008,1150) = "1.2\0".
        var ds = new RawDicom()
            .Tag(0x0008, 0x1115).U32(0xFFFFFFFF)
            .Tag(0xFFFE, 0xE000).U32(0xFFFFFFFF)
            .Implicit(0x0008, 0x1150, Encoding.ASCII.GetBytes("1.2\0"))
            .Tag(0xFFFE, 0xE00D).U32(0)
            .Tag(0xFFFE, 0xE0DD).U32(0)
            .ToArray();
        var dataset = DicomReader.ReadDataset(new MemoryStream(ds), DicomTransferSyntax.ImplicitVRLittleEndian);

        var seq = Assert.IsType<DicomSequence>(dataset[new DicomTag(0x0008, 0x1115)]);
        Assert.True(seq.UndefinedLength);
        var item = Assert.Single(seq.Items);
        Assert.True(item.UndefinedLength);
        Assert.Equal("1.2", item.GetString(new DicomTag(0x0008, 0x1150)));
        Assert.Equal(dataset, item.Parent);
    }

    [Fact]
    public void Should_read_undefined_length_UN_as_implicit_sequence()
    {
        var ds = new RawDicom()
            .Tag(0x0009, 0x0010).Ascii("LO").U16(4).Ascii("ACME")
            .Tag(0x0009, 0x1001).Ascii("UN").U16(0).U32(0xFFFFFFFF)
            .Tag(0xFFFE, 0xE000).U32(0xFFFFFFFF)
            .Implicit(0x0010, 0x0010, Encoding.ASCII.GetBytes("A^B "))
            .Tag(0xFFFE, 0xE00D).U32(0)
            .Tag(0xFFFE, 0xE0DD).U32(0)
            .ToArray();
        var dataset = DicomReader.ReadDataset(new MemoryStream(ds), DicomTransferSyntax.ExplicitVRLittleEndian);

        var seq = Assert.IsType<DicomSequence>(dataset[new DicomTag(0x0009, 0x1001)]);
        Assert.Equal(DicomVR.UN, seq.VR);
        Assert.Equal("ACME", dataset.GetPrivateCreator(new DicomTag(0x0009, 0x1001)));
        Assert.Single(seq.Items);
    }

    [Fact]
    public void Should_read_encapsulated_fragments_and_offset_table()
    {
        var ds = new RawDicom()
            .Tag(0x7FE0, 0x0010).Ascii("OB").U16(0).U32(0xFFFFFFFF)
            .Tag(0xFFFE, 0xE000).U32(8).U32(0).U32(10)
            .Tag(0xFFFE, 0xE000).U32(2).Bytes(0xFF, 0xD8)
            .Tag(0xFFFE, 0xE000).U32(4).Bytes(1, 2, 3, 4)
            .Tag(0xFFFE, 0xE0DD).U32(0)
            .ToArray();
        var file = ReadFile(RawDicom.Part10("1.2.840.10008.1.2.4.50", ds));

        var frags = Assert.IsType<DicomFragments>(file.Dataset[PixelData]);
        Assert.Equal([0u, 10u], frags.BasicOffsets());
        Assert.Equal(2, frags.Fragments.Count);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, frags.Fragments[1].Bytes.ToArray());
    }

    [Fact]
    public void Should_read_deflated_data_set()
    {
        var plain = new RawDicom().ExplicitString(0x0010, 0x0010, "PN", "Deflated^Name").ToArray();
        var compressed = new MemoryStream();
        using (var z = new DeflateStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(plain);
        }

        var file = ReadFile(RawDicom.Part10("1.2.840.10008.1.2.1.99", compressed.ToArray()));
        Assert.Equal("Deflated^Name", file.Dataset.GetString(PatientName));
    }

    [Fact]
    public void Should_stop_before_pixel_data_when_asked()
    {
        var ds = new RawDicom()
            .Explicit(0x0028, 0x0010, "US", [1, 0])
            .ExplicitLong(0x7FE0, 0x0010, "OW", new byte[1000])
            .ToArray();
        var file = ReadFile(RawDicom.Part10("1.2.840.10008.1.2.1", ds), new DicomReadOptions { StopAtPixelData = true });

        Assert.True(file.StoppedAtPixelData);
        Assert.False(file.Dataset.Contains(PixelData));
        Assert.True(file.Dataset.Contains(Rows));
    }

    [Fact]
    public void Should_leave_large_values_on_disk_until_asked()
    {
        var pixels = new byte[200_000];
        new Random(7).NextBytes(pixels);
        var ds = new RawDicom().ExplicitLong(0x7FE0, 0x0010, "OW", pixels).ToArray();
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, RawDicom.Part10("1.2.840.10008.1.2.1", ds));
            var file = DicomFile.Open(path);
            var pd = Assert.IsType<DicomValueElement>(file.Dataset[PixelData]);
            Assert.False(pd.IsLoaded);
            Assert.Equal(pixels, pd.Bytes.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Should_read_a_bare_implicit_data_set_without_meta()
    {
        var ds = new RawDicom().Implicit(0x0008, 0x0060, Encoding.ASCII.GetBytes("CT")).ToArray();
        var file = ReadFile(ds);
        Assert.Equal(DicomTransferSyntax.ImplicitVRLittleEndian, file.TransferSyntax);
        Assert.Null(file.Preamble);
    }

    [Fact]
    public void Should_end_the_data_set_at_a_stray_top_level_item_delimiter_like_dcmtk()
    {
        var ds = new RawDicom()
            .ExplicitString(0x0010, 0x0010, "PN", "A^B ")
            .Tag(0xFFFE, 0xE00D).U32(0)
            .ExplicitString(0x0010, 0x0020, "LO", "ID")
            .ToArray();
        var file = ReadFile(RawDicom.Part10("1.2.840.10008.1.2.1", ds));
        Assert.Equal("A^B", file.Dataset.GetString(PatientName));
        Assert.Equal(1, file.Dataset.Count);
    }

    [Fact]
    public void Should_read_an_undefined_length_UN_inside_big_endian_as_implicit_little_endian()
    {
        var ds = new RawDicom(bigEndian: true)
            .Tag(0x0009, 0x0010).Ascii("LO").U16(4).Ascii("ACME")
            .Tag(0x0009, 0x1001).Ascii("UN").U16(0).U32(0xFFFFFFFF)
            .Bytes(new RawDicom()
                .Tag(0xFFFE, 0xE000).U32(0xFFFFFFFF)
                .Implicit(0x0010, 0x0020, Encoding.ASCII.GetBytes("ID42"))
                .Tag(0xFFFE, 0xE00D).U32(0)
                .Tag(0xFFFE, 0xE0DD).U32(0)
                .ToArray())
            .Tag(0x0028, 0x0010).Ascii("US").U16(2).U16(512)
            .ToArray();
        var file = ReadFile(RawDicom.Part10("1.2.840.10008.1.2.2", ds));

        var item = Assert.Single(Assert.IsType<DicomSequence>(file.Dataset[new DicomTag(0x0009, 0x1001)]).Items);
        Assert.Equal("ID42", item.GetString(new DicomTag(0x0010, 0x0020)));
        Assert.Equal([(ushort)512], file.Dataset.GetValues<ushort>(Rows));
    }

    [Fact]
    public void Should_stop_before_float_pixel_data_too()
    {
        var ds = new RawDicom()
            .Explicit(0x0028, 0x0010, "US", [1, 0])
            .ExplicitLong(0x7FE0, 0x0008, "OF", new byte[400])
            .ToArray();
        var file = ReadFile(RawDicom.Part10("1.2.840.10008.1.2.1", ds), new DicomReadOptions { StopAtPixelData = true });
        Assert.True(file.StoppedAtPixelData);
        Assert.False(file.Dataset.Contains(new DicomTag(0x7FE0, 0x0008)));
    }

    [Fact]
    public void Should_know_JPIP_referenced_deflate_as_a_deflated_syntax()
    {
        var ts = DicomTransferSyntax.Parse("1.2.840.10008.1.2.4.95");
        Assert.True(ts.IsDeflated);
        Assert.False(ts.IsEncapsulated);
        Assert.False(ts.IsWritable);
    }
}
