using System.IO.Compression;

namespace Peake.Dicom.Tests.Reading;

/// <summary>Inputs that broke other DICOM parsers (see shared/research/reliability.md §4): each must give a DicomParseException.</summary>
public class HostileInputTests
{
    private static DicomParseException Rejects(byte[] datasetBytes, string ts = "1.2.840.10008.1.2.1") =>
        Assert.Throws<DicomParseException>(() => DicomFile.Read(new MemoryStream(RawDicom.Part10(ts, datasetBytes))));

    [Fact]
    public void Should_reject_a_length_past_the_end_without_allocating_it()
    {
        var e = Rejects(new RawDicom().Tag(0x7FE0, 0x0010).Ascii("OB").U16(0).U32(0xFFFFFFF0).Bytes(1, 2).ToArray());
        Assert.Equal(new DicomTag(0x7FE0, 0x0010), e.Tag);
        Assert.True(e.Offset > 132);
    }

    [Fact]
    public void Should_reject_truncated_header()
    {
        var e = Rejects(new RawDicom().ExplicitString(0x0010, 0x0010, "PN", "AB").Bytes(0x10, 0x00, 0x20).ToArray());
        Assert.Contains("end", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_reject_bogus_VR_with_a_length_past_the_end()
    {
        // Unknown capital letters are taken as a newer long-form VR (as dcmtk does): its "length" then overruns.
        var e = Rejects(new RawDicom().Tag(0x0010, 0x0010).Ascii("XX").U16(4).Ascii("ID42").ToArray());
        Assert.Equal(new DicomTag(0x0010, 0x0010), e.Tag);
    }

    [Fact]
    public void Should_read_a_non_letter_VR_as_UN_with_a_short_length_like_dcmtk()
    {
        var bytes = new RawDicom().Tag(0x0010, 0x0020).Bytes(0x01, 0x02).U16(4).Ascii("ID42").ExplicitString(0x0010, 0x0030, "DA", "20200101").ToArray();
        var file = DicomFile.Read(new MemoryStream(RawDicom.Part10("1.2.840.10008.1.2.1", bytes)));
        Assert.Equal(DicomVR.UN, file.Dataset[new DicomTag(0x0010, 0x0020)]!.VR);
        Assert.Equal("20200101", file.Dataset.GetString(new DicomTag(0x0010, 0x0030)));
    }

    [Fact]
    public void Should_cap_nesting_of_two_thousand_undefined_length_items()
    {
        var raw = new RawDicom();
        for (var i = 0; i < 2000; i++)
        {
            raw.Tag(0x0008, 0x1115).Ascii("SQ").U16(0).U32(0xFFFFFFFF).Tag(0xFFFE, 0xE000).U32(0xFFFFFFFF);
        }

        var e = Rejects(raw.ToArray());
        Assert.Contains("nested", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_reject_undefined_length_sequence_without_delimiters()
    {
        var e = Rejects(new RawDicom()
            .Tag(0x0008, 0x1115).Ascii("SQ").U16(0).U32(0xFFFFFFFF)
            .Tag(0xFFFE, 0xE000).U32(0xFFFFFFFF)
            .ExplicitString(0x0008, 0x1150, "UI", "1.2.3\0")
            .ToArray());
        Assert.Contains("delimitation", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_accept_encapsulated_pixel_data_inside_an_item()
    {
        // Icon Image Sequence items may hold encapsulated pixel data in compressed syntaxes.
        var bytes = new RawDicom()
            .Tag(0x0088, 0x0200).Ascii("SQ").U16(0).U32(0xFFFFFFFF)
            .Tag(0xFFFE, 0xE000).U32(0xFFFFFFFF)
            .Tag(0x7FE0, 0x0010).Ascii("OB").U16(0).U32(0xFFFFFFFF)
            .Tag(0xFFFE, 0xE000).U32(0)
            .Tag(0xFFFE, 0xE000).U32(2).Bytes(1, 2)
            .Tag(0xFFFE, 0xE0DD).U32(0)
            .Tag(0xFFFE, 0xE00D).U32(0)
            .Tag(0xFFFE, 0xE0DD).U32(0)
            .ToArray();
        var file = DicomFile.Read(new MemoryStream(RawDicom.Part10("1.2.840.10008.1.2.4.50", bytes)));
        var item = Assert.Single(file.Dataset.GetSequence(new DicomTag(0x0088, 0x0200))!.Items);
        Assert.IsType<DicomFragments>(item[new DicomTag(0x7FE0, 0x0010)]);
    }

    [Fact]
    public void Should_reject_an_item_longer_than_its_sequence()
    {
        var e = Rejects(new RawDicom()
            .Tag(0x0008, 0x1115).Ascii("SQ").U16(0).U32(8)
            .Tag(0xFFFE, 0xE000).U32(100)
            .Bytes(new byte[100])
            .ToArray());
        Assert.Equal(new DicomTag(0x0008, 0x1115), e.Tag);
    }

    [Fact]
    public void Should_stop_a_deflate_bomb_at_the_inflation_limit()
    {
        // A valid element header claiming a huge OB value, followed by megabytes of zeros that compress to almost nothing.
        var compressed = new MemoryStream();
        using (var z = new DeflateStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(new RawDicom().Tag(0x0009, 0x1010).Ascii("OB").U16(0).U32(0xFFFFFFF0).ToArray());
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 64; i++)
            {
                z.Write(zeros);
            }
        }

        var bytes = RawDicom.Part10("1.2.840.10008.1.2.1.99", compressed.ToArray());
        var options = new DicomReadOptions { MaxInflatedLength = 16 << 20 };
        var e = Assert.Throws<DicomParseException>(() => DicomFile.Read(new MemoryStream(bytes), options));
        Assert.Contains("limit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_reject_garbage_that_is_not_deflate()
    {
        Rejects([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "1.2.840.10008.1.2.1.99");
    }

    [Fact]
    public void Should_read_a_file_whose_preamble_holds_executable_bytes_as_plain_data()
    {
        var bytes = RawDicom.Part10("1.2.840.10008.1.2.1", new RawDicom().ExplicitString(0x0008, 0x0060, "CS", "CT").ToArray());
        bytes[0] = (byte)'M';
        bytes[1] = (byte)'Z';
        var file = DicomFile.Read(new MemoryStream(bytes));
        Assert.Equal((byte)'M', file.Preamble![0]);
        Assert.Equal("CT", file.Dataset.GetString(new DicomTag(0x0008, 0x0060)));
    }

    [Fact]
    public void Should_read_an_item_cut_short_by_the_end_of_the_file_like_dcmtk_unless_told_not_to()
    {
        var bytes = RawDicom.Part10("1.2.840.10008.1.2.1", new RawDicom()
            .Tag(0x0004, 0x1220).Ascii("SQ").U16(0).U32(200)
            .Tag(0xFFFE, 0xE000).U32(192)
            .ExplicitString(0x0004, 0x1430, "CS", "IMAGE ")
            .ToArray());

        var file = DicomFile.Read(new MemoryStream(bytes));
        var item = Assert.Single(file.Dataset.GetSequence(new DicomTag(0x0004, 0x1220))!.Items);
        Assert.Equal("IMAGE", item.GetString(new DicomTag(0x0004, 0x1430)));
        Assert.Throws<DicomParseException>(() => DicomFile.Read(new MemoryStream(bytes), new DicomReadOptions { ReadTruncatedContainers = false }));
    }

    [Fact]
    public void Should_reject_an_item_cut_short_inside_an_element()
    {
        var bytes = RawDicom.Part10("1.2.840.10008.1.2.1", new RawDicom()
            .Tag(0x0004, 0x1220).Ascii("SQ").U16(0).U32(200)
            .Tag(0xFFFE, 0xE000).U32(192)
            .ExplicitString(0x0004, 0x1430, "CS", "IMAGE ")
            .Tag(0x0004, 0x1500).Ascii("CS").U16(20).Ascii("ABC")
            .ToArray());
        Assert.Throws<DicomParseException>(() => DicomFile.Read(new MemoryStream(bytes)));
    }

    [Fact]
    public void Should_cap_the_number_of_items_a_small_deflated_file_can_create()
    {
        // Each empty item is 8 bytes that deflate to almost nothing but cost ~100 bytes of objects once read.
        var raw = new RawDicom().Tag(0x0008, 0x1140).Ascii("SQ").U16(0).U32(0xFFFFFFFF);
        for (var i = 0; i < 300_000; i++)
        {
            raw.Tag(0xFFFE, 0xE000).U32(0);
        }

        raw.Tag(0xFFFE, 0xE0DD).U32(0);
        var compressed = new MemoryStream();
        using (var z = new DeflateStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(raw.ToArray());
        }

        var bytes = RawDicom.Part10("1.2.840.10008.1.2.1.99", compressed.ToArray());
        var e = Assert.Throws<DicomParseException>(() => DicomFile.Read(new MemoryStream(bytes), new DicomReadOptions { MaxElements = 100_000 }));
        Assert.Contains("elements and items", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_read_elements_in_descending_order_without_quadratic_cost()
    {
        // 200,000 zero-length elements, tags descending: a list insert per element would take tens of seconds.
        var raw = new RawDicom();
        for (var i = 200_000; i > 0; i--)
        {
            raw.Tag((ushort)(0x0011 + (2 * (i / 0xF000))), (ushort)(0x1000 + (i % 0xF000))).Ascii("LO").U16(0);
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var file = DicomFile.Read(new MemoryStream(RawDicom.Part10("1.2.840.10008.1.2.1", raw.ToArray())));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        Assert.Equal(200_000, file.Dataset.Count);
        Assert.True(file.Dataset.Zip(file.Dataset.Skip(1)).All(p => p.First.Tag < p.Second.Tag));
    }
}
