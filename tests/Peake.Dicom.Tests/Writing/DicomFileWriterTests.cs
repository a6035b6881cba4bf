using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Peake.Dicom.Tests.Writing;

public class DicomFileWriterTests
{
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    private const string Instance = "1.2.3.4.5";

    private static DicomDataset Sample()
    {
        var ds = new DicomDataset();
        ds.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, CtImageStorage);
        ds.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, Instance);
        ds.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, "Doe^John");
        return ds;
    }

    private static byte[] WriteFile(DicomDataset ds, DicomTransferSyntax ts, DicomDataset? sourceMeta = null, byte[]? preamble = null)
    {
        using var ms = new MemoryStream();
        DicomFileWriter.Write(ms, ds, ts, sourceMeta, preamble);
        return ms.ToArray();
    }

    /// <summary>Walks the explicit VR LE meta group: (tag, VR, value) of each element and the offset after the group.</summary>
    private static (List<(DicomTag Tag, string VR, byte[] Value)> Elements, int End) ParseMeta(byte[] file)
    {
        var list = new List<(DicomTag, string, byte[])>();
        var pos = 132;
        while (pos < file.Length && BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(pos)) == 0x0002)
        {
            var tag = new DicomTag(BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(pos)), BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(pos + 2)));
            var vr = Encoding.ASCII.GetString(file, pos + 4, 2);
            int length, header;
            if (DicomVR.Parse(vr).HasLongLength)
            {
                length = (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(pos + 8));
                header = 12;
            }
            else
            {
                length = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(pos + 6));
                header = 8;
            }

            list.Add((tag, vr, file.AsSpan(pos + header, length).ToArray()));
            pos += header + length;
        }

        return (list, pos);
    }

    private static string Text(byte[] value) => Encoding.ASCII.GetString(value).TrimEnd('\0', ' ');

    [Fact]
    public void Given_data_set_When_written_as_file_Then_zero_preamble_and_DICM_prefix()
    {
        var file = WriteFile(Sample(), DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.All(file[..128], b => Assert.Equal(0, b));
        Assert.Equal("DICM"u8.ToArray(), file[128..132]);
    }

    [Fact]
    public void Given_data_set_When_written_as_file_Then_meta_group_holds_the_required_elements_in_order()
    {
        var (meta, _) = ParseMeta(WriteFile(Sample(), DicomTransferSyntax.ImplicitVRLittleEndian));

        Assert.Equal(
            new[] { 0x0000, 0x0001, 0x0002, 0x0003, 0x0010, 0x0012, 0x0013 },
            meta.Select(m => (int)m.Tag.Element).ToArray());
        Assert.Equal(["UL", "OB", "UI", "UI", "UI", "UI", "SH"], meta.Select(m => m.VR).ToArray());
        Assert.Equal(new byte[] { 0x00, 0x01 }, meta[1].Value);
        Assert.Equal(CtImageStorage, Text(meta[2].Value));
        Assert.Equal(Instance, Text(meta[3].Value));
        Assert.Equal("1.2.840.10008.1.2", Text(meta[4].Value));
        Assert.Equal(DicomImplementation.ClassUid, Text(meta[5].Value));
        Assert.Equal(DicomImplementation.VersionName, Text(meta[6].Value));
        Assert.All(meta, m => Assert.Equal(0, m.Value.Length % 2));
    }

    [Fact]
    public void Given_written_file_When_meta_parsed_Then_group_length_equals_the_bytes_after_it()
    {
        var file = WriteFile(Sample(), DicomTransferSyntax.ExplicitVRLittleEndian);
        var (meta, end) = ParseMeta(file);

        var groupLength = BinaryPrimitives.ReadUInt32LittleEndian(meta[0].Value);

        Assert.Equal((uint)(end - (132 + 12)), groupLength);
    }

    [Fact]
    public void Given_implicit_syntax_When_written_as_file_Then_data_set_follows_meta_in_implicit_VR()
    {
        var ds = Sample();
        var file = WriteFile(ds, DicomTransferSyntax.ImplicitVRLittleEndian);
        var (_, end) = ParseMeta(file);

        Assert.Equal(DicomWriter.ToBytes(ds, DicomTransferSyntax.ImplicitVRLittleEndian), file[end..]);
    }

    [Fact]
    public void Given_deflated_syntax_When_written_as_file_Then_meta_is_plain_and_data_set_inflates_to_explicit()
    {
        var ds = Sample();
        var file = WriteFile(ds, DicomTransferSyntax.DeflatedExplicitVRLittleEndian);
        var (meta, end) = ParseMeta(file);

        using var inflate = new DeflateStream(new MemoryStream(file, end, file.Length - end), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        inflate.CopyTo(plain);

        Assert.Equal("1.2.840.10008.1.2.1.99", Text(meta[4].Value));
        Assert.Equal(DicomWriter.ToBytes(ds, DicomTransferSyntax.ExplicitVRLittleEndian), plain.ToArray());
    }

    [Fact]
    public void Given_source_meta_When_written_Then_its_extra_elements_are_kept_and_ours_replace_the_rest()
    {
        var source = new DicomDataset();
        source.SetString(new DicomTag(0x0002, 0x0010), DicomVR.UI, "1.2.840.10008.1.2.2");
        source.SetString(new DicomTag(0x0002, 0x0012), DicomVR.UI, "1.2.276.0.7230010.3.0.3.6.7");
        source.SetString(new DicomTag(0x0002, 0x0016), DicomVR.AE, "MODALITY1");
        source.SetString(new DicomTag(0x0002, 0x0100), DicomVR.UI, "1.9.9");

        var (meta, _) = ParseMeta(WriteFile(Sample(), DicomTransferSyntax.ExplicitVRLittleEndian, source));

        Assert.Equal("MODALITY1", Text(meta.Single(m => m.Tag.Element == 0x0016).Value));
        Assert.Equal("1.9.9", Text(meta.Single(m => m.Tag.Element == 0x0100).Value));
        Assert.Equal("1.2.840.10008.1.2.1", Text(meta.Single(m => m.Tag.Element == 0x0010).Value));
        Assert.Equal(DicomImplementation.ClassUid, Text(meta.Single(m => m.Tag.Element == 0x0012).Value));
    }

    [Fact]
    public void Given_data_set_without_SOP_UIDs_but_source_meta_with_them_When_written_Then_source_meta_UIDs_are_used()
    {
        var ds = new DicomDataset();
        ds.SetString(new DicomTag(0x0004, 0x1130), DicomVR.CS, "DIR");
        var source = new DicomDataset();
        source.SetString(new DicomTag(0x0002, 0x0002), DicomVR.UI, "1.2.840.10008.1.3.10");
        source.SetString(new DicomTag(0x0002, 0x0003), DicomVR.UI, "1.2.3.99");

        var (meta, _) = ParseMeta(WriteFile(ds, DicomTransferSyntax.ExplicitVRLittleEndian, source));

        Assert.Equal("1.2.840.10008.1.3.10", Text(meta[2].Value));
        Assert.Equal("1.2.3.99", Text(meta[3].Value));
    }

    [Theory]
    [InlineData(0x0016, 0x0002)]
    [InlineData(0x0018, 0x0003)]
    public void Given_data_set_without_SOP_UID_When_written_as_file_Then_the_meta_value_is_empty_not_invented(int element, int metaElement)
    {
        var ds = Sample();
        ds.Remove(new DicomTag(0x0008, (ushort)element));

        var meta = DicomFileWriter.BuildMeta(ds, DicomTransferSyntax.ExplicitVRLittleEndian);
        var value = Assert.IsType<DicomValueElement>(meta[new DicomTag(0x0002, (ushort)metaElement)]);
        Assert.Equal(0, value.Length);
    }

    [Fact]
    public void Given_group_0002_elements_in_the_data_set_When_written_as_file_Then_they_are_not_in_the_body()
    {
        var ds = Sample();
        ds.SetString(new DicomTag(0x0002, 0x0010), DicomVR.UI, "1.2.840.10008.1.2.2");
        var file = WriteFile(ds, DicomTransferSyntax.ExplicitVRLittleEndian);
        var (meta, end) = ParseMeta(file);

        Assert.Equal("1.2.840.10008.1.2.1", Text(meta[4].Value));
        Assert.Equal(Bytes.Of("08 00 16 00"), file[end..(end + 4)]);
    }

    [Fact]
    public void Given_explicit_preamble_When_written_Then_written_as_given()
    {
        var preamble = Enumerable.Range(0, 128).Select(i => (byte)i).ToArray();

        Assert.Equal(preamble, WriteFile(Sample(), DicomTransferSyntax.ExplicitVRLittleEndian, preamble: preamble)[..128]);
    }

    [Fact]
    public void Given_preamble_of_wrong_size_When_written_Then_refused()
    {
        Assert.Throws<ArgumentException>(() => WriteFile(Sample(), DicomTransferSyntax.ExplicitVRLittleEndian, preamble: new byte[100]));
    }

    [Fact]
    public void Given_big_endian_target_When_writing_file_Then_refused_before_writing_anything()
    {
        using var ms = new MemoryStream();

        Assert.Throws<NotSupportedException>(() => DicomFileWriter.Write(ms, Sample(), DicomTransferSyntax.ExplicitVRBigEndian));
        Assert.Equal(0, ms.Length);
    }

    [Fact]
    public void Given_encapsulated_target_When_writing_file_Then_refused()
    {
        Assert.Throws<NotSupportedException>(() => WriteFile(Sample(), DicomTransferSyntax.JpegBaseline));
    }

    [Fact]
    public void Given_encapsulated_pixel_data_When_written_in_a_native_syntax_Then_refused()
    {
        var ds = Sample();
        ds.Set(new DicomFragments(new DicomTag(0x7FE0, 0x0010), DicomVR.OB, new DicomValueElement(DicomTag.Item, DicomVR.OB, ReadOnlyMemory<byte>.Empty), []));

        var ex = Assert.Throws<NotSupportedException>(() => WriteFile(ds, DicomTransferSyntax.ExplicitVRLittleEndian));
        Assert.Contains("encapsulated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_path_When_written_Then_file_holds_the_same_bytes_as_the_stream_form()
    {
        var path = Path.Combine(Path.GetTempPath(), $"peake-writer-{Guid.NewGuid():N}.dcm");
        try
        {
            DicomFileWriter.Write(path, Sample(), DicomTransferSyntax.ExplicitVRLittleEndian);

            Assert.Equal(WriteFile(Sample(), DicomTransferSyntax.ExplicitVRLittleEndian), File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Given_implementation_constants_Then_they_fit_their_VRs()
    {
        Assert.Matches("^2\\.25\\.[1-9][0-9]*$", DicomImplementation.ClassUid);
        Assert.True(DicomImplementation.ClassUid.Length <= 64);
        Assert.True(DicomImplementation.VersionName.Length <= 16);
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2")]
    [InlineData("1.2.840.10008.1.2.1")]
    [InlineData("1.2.840.10008.1.2.1.99")]
    public void Given_file_we_wrote_When_read_and_written_again_Then_every_byte_is_the_same(string uid)
    {
        var ds = Sample();
        var item = new DicomDataset { UndefinedLength = false };
        item.SetString(new DicomTag(0x0008, 0x1150), DicomVR.UI, CtImageStorage);
        ds.Set(new DicomSequence(new DicomTag(0x0008, 0x1140), [item], undefinedLength: false));
        var source = new DicomDataset();
        source.SetString(new DicomTag(0x0002, 0x0016), DicomVR.AE, "SCANNER");
        var first = WriteFile(ds, DicomTransferSyntax.Parse(uid), source);

        using var again = new MemoryStream();
        DicomFileWriter.Write(again, DicomFile.Read(new MemoryStream(first)));

        Assert.Equal(first, again.ToArray());
    }

    [Fact]
    public void Given_file_with_a_preamble_When_rewritten_from_the_read_file_Then_the_preamble_is_not_copied()
    {
        var preamble = Enumerable.Repeat((byte)0x4D, 128).ToArray();
        var first = WriteFile(Sample(), DicomTransferSyntax.ExplicitVRLittleEndian, preamble: preamble);

        using var again = new MemoryStream();
        DicomFileWriter.Write(again, DicomFile.Read(new MemoryStream(first)), DicomTransferSyntax.ImplicitVRLittleEndian);

        Assert.All(again.ToArray()[..128], b => Assert.Equal(0, b));
        Assert.Equal("1.2.840.10008.1.2", Text(ParseMeta(again.ToArray()).Elements[4].Value));
    }

    [Fact]
    public void Given_a_file_with_lazy_pixel_data_When_written_back_to_its_own_path_Then_nothing_is_lost()
    {
        var ds = Sample();
        var pixels = new byte[300_000];
        new Random(3).NextBytes(pixels);
        ds.Set(new DicomValueElement(new DicomTag(0x7FE0, 0x0010), DicomVR.OW, pixels));
        var path = Path.Combine(Path.GetTempPath(), $"peake-inplace-{Guid.NewGuid():N}.dcm");
        try
        {
            DicomFileWriter.Write(path, ds, DicomTransferSyntax.ExplicitVRLittleEndian);
            var read = DicomFile.Open(path);
            Assert.False(((DicomValueElement)read.Dataset[new DicomTag(0x7FE0, 0x0010)]!).IsLoaded);

            DicomFileWriter.Write(path, read, DicomTransferSyntax.ImplicitVRLittleEndian);

            var again = DicomFile.Open(path);
            Assert.Equal(DicomTransferSyntax.ImplicitVRLittleEndian, again.TransferSyntax);
            Assert.Equal(pixels, ((DicomValueElement)again.Dataset[new DicomTag(0x7FE0, 0x0010)]!).Bytes.ToArray());
            Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $".{Path.GetFileName(path)}.*"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
