namespace Peake.Dicom.Tests.Writing;

public class DicomWriterSequenceTests
{
    private static readonly DicomTag Sequence = new(0x0008, 0x1140);
    private static readonly DicomTag Inner = new(0x0040, 0xA730);
    private static readonly DicomTag Rows = new(0x0028, 0x0010);
    private static readonly DicomTag PixelData = new(0x7FE0, 0x0010);

    private static DicomDataset Item(bool undefinedLength, params DicomElement[] elements)
    {
        var item = new DicomDataset { UndefinedLength = undefinedLength };
        foreach (var e in elements)
        {
            item.Set(e);
        }

        return item;
    }

    private static DicomDataset With(DicomElement element)
    {
        var ds = new DicomDataset();
        ds.Set(element);
        return ds;
    }

    private static DicomValueElement RowsOf(ushort value) => new(Rows, DicomVR.US, BitConverter.GetBytes(value));

    [Fact]
    public void Given_defined_length_sequence_and_item_When_written_explicit_Then_lengths_count_the_explicit_bytes()
    {
        var seq = new DicomSequence(Sequence, [Item(false, RowsOf(512))], undefinedLength: false);

        var bytes = DicomWriter.ToBytes(With(seq), DicomTransferSyntax.ExplicitVRLittleEndian);

        // Item content: US element = 8 header + 2 value = 10; sequence value = 8 item header + 10 = 18 (0x12).
        Assert.Equal(
            Bytes.Of("08 00 40 11", "\"SQ\"", "00 00 12 00 00 00", "FE FF 00 E0 0A 00 00 00", "28 00 10 00", "\"US\"", "02 00 00 02"),
            bytes);
    }

    [Fact]
    public void Given_defined_length_sequence_and_item_When_written_implicit_Then_lengths_count_the_implicit_bytes()
    {
        var seq = new DicomSequence(Sequence, [Item(false, RowsOf(512))], undefinedLength: false);

        var bytes = DicomWriter.ToBytes(With(seq), DicomTransferSyntax.ImplicitVRLittleEndian);

        Assert.Equal(
            Bytes.Of("08 00 40 11 12 00 00 00", "FE FF 00 E0 0A 00 00 00", "28 00 10 00 02 00 00 00 00 02"),
            bytes);
    }

    [Fact]
    public void Given_undefined_length_sequence_and_items_When_written_Then_delimiters_close_each()
    {
        var seq = new DicomSequence(Sequence, [Item(true, RowsOf(1)), Item(true)], undefinedLength: true);

        var bytes = DicomWriter.ToBytes(With(seq), DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.Equal(
            Bytes.Of(
                "08 00 40 11", "\"SQ\"", "00 00 FF FF FF FF",
                "FE FF 00 E0 FF FF FF FF", "28 00 10 00", "\"US\"", "02 00 01 00", "FE FF 0D E0 00 00 00 00",
                "FE FF 00 E0 FF FF FF FF", "FE FF 0D E0 00 00 00 00",
                "FE FF DD E0 00 00 00 00"),
            bytes);
    }

    [Fact]
    public void Given_empty_sequences_When_written_Then_defined_is_zero_length_and_undefined_is_just_a_delimiter()
    {
        var ds = new DicomDataset();
        ds.Set(new DicomSequence(Sequence, undefinedLength: false));
        ds.Set(new DicomSequence(Inner, undefinedLength: true));

        Assert.Equal(
            Bytes.Of("08 00 40 11 00 00 00 00", "40 00 30 A7 FF FF FF FF", "FE FF DD E0 00 00 00 00"),
            DicomWriter.ToBytes(ds, DicomTransferSyntax.ImplicitVRLittleEndian));
    }

    [Fact]
    public void Given_defined_length_sequence_inside_undefined_item_inside_defined_sequence_When_written_Then_outer_length_counts_inner_delimiters()
    {
        var inner = new DicomSequence(Inner, [Item(false, RowsOf(7))], undefinedLength: false);
        var outer = new DicomSequence(Sequence, [Item(true, inner)], undefinedLength: false);

        var bytes = DicomWriter.ToBytes(With(outer), DicomTransferSyntax.ExplicitVRLittleEndian);

        // inner item 10; inner seq value 18, element 12+18 = 30; outer item undefined: 8 + 30 + 8 = 46 (0x2E).
        Assert.Equal(
            Bytes.Of(
                "08 00 40 11", "\"SQ\"", "00 00 2E 00 00 00",
                "FE FF 00 E0 FF FF FF FF",
                "40 00 30 A7", "\"SQ\"", "00 00 12 00 00 00",
                "FE FF 00 E0 0A 00 00 00", "28 00 10 00", "\"US\"", "02 00 07 00",
                "FE FF 0D E0 00 00 00 00"),
            bytes);
    }

    [Fact]
    public void Given_deeply_nested_defined_length_sequences_When_written_Then_every_length_matches_its_content()
    {
        DicomElement current = RowsOf(3);
        for (var depth = 0; depth < 40; depth++)
        {
            current = new DicomSequence(Sequence, [Item(false, current)], undefinedLength: false);
        }

        var bytes = DicomWriter.ToBytes(With(current), DicomTransferSyntax.ExplicitVRLittleEndian);

        // Each level adds a 12-byte SQ header and an 8-byte item header around a 10-byte US element.
        Assert.Equal((40 * 20) + 10, bytes.Length);
        Assert.Equal((uint)(bytes.Length - 12), BitConverter.ToUInt32(bytes, 8));
        Assert.Equal((uint)(bytes.Length - 20), BitConverter.ToUInt32(bytes, 16));
    }

    [Fact]
    public void Given_UN_sequence_When_written_explicit_Then_UN_header_with_undefined_length_and_implicit_items()
    {
        var un = new DicomSequence(new DicomTag(0x0029, 0x1010), [Item(false, RowsOf(512))], undefinedLength: false, vr: DicomVR.UN);

        var bytes = DicomWriter.ToBytes(With(un), DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.Equal(
            Bytes.Of(
                "29 00 10 10", "\"UN\"", "00 00 FF FF FF FF",
                "FE FF 00 E0 0A 00 00 00", "28 00 10 00 02 00 00 00 00 02",
                "FE FF DD E0 00 00 00 00"),
            bytes);
    }

    [Fact]
    public void Given_SQ_inside_UN_sequence_When_written_explicit_Then_nested_elements_stay_implicit()
    {
        var nested = new DicomSequence(Inner, [Item(false, RowsOf(1))], undefinedLength: false);
        var un = new DicomSequence(new DicomTag(0x0029, 0x1010), [Item(true, nested)], vr: DicomVR.UN);

        var bytes = DicomWriter.ToBytes(With(un), DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.Equal(
            Bytes.Of(
                "29 00 10 10", "\"UN\"", "00 00 FF FF FF FF",
                "FE FF 00 E0 FF FF FF FF",
                "40 00 30 A7 12 00 00 00", "FE FF 00 E0 0A 00 00 00", "28 00 10 00 02 00 00 00 01 00",
                "FE FF 0D E0 00 00 00 00",
                "FE FF DD E0 00 00 00 00"),
            bytes);
    }

    [Fact]
    public void Given_fragments_When_written_explicit_Then_undefined_OB_offset_table_fragments_and_delimiter()
    {
        var offsets = new DicomValueElement(DicomTag.Item, DicomVR.OB, new byte[] { 0, 0, 0, 0 });
        var fragments = new DicomFragments(
            PixelData,
            DicomVR.OB,
            offsets,
            [new DicomValueElement(DicomTag.Item, DicomVR.OB, new byte[] { 0xFF, 0xD8, 0xFF }), new DicomValueElement(DicomTag.Item, DicomVR.OB, new byte[] { 1, 2 })]);

        var bytes = DicomWriter.ToBytes(With(fragments), DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.Equal(
            Bytes.Of(
                "E0 7F 10 00", "\"OB\"", "00 00 FF FF FF FF",
                "FE FF 00 E0 04 00 00 00 00 00 00 00",
                "FE FF 00 E0 04 00 00 00 FF D8 FF 00",
                "FE FF 00 E0 02 00 00 00 01 02",
                "FE FF DD E0 00 00 00 00"),
            bytes);
    }

    [Fact]
    public void Given_fragments_with_empty_offset_table_When_written_implicit_Then_tag_and_undefined_length_only()
    {
        var fragments = new DicomFragments(PixelData, DicomVR.OB, new DicomValueElement(DicomTag.Item, DicomVR.OB, ReadOnlyMemory<byte>.Empty), []);

        Assert.Equal(
            Bytes.Of("E0 7F 10 00 FF FF FF FF", "FE FF 00 E0 00 00 00 00", "FE FF DD E0 00 00 00 00"),
            DicomWriter.ToBytes(With(fragments), DicomTransferSyntax.ImplicitVRLittleEndian));
    }

    [Fact]
    public void Given_defined_length_sequence_inside_fragments_owner_item_When_written_Then_item_length_counts_fragments()
    {
        var fragments = new DicomFragments(PixelData, DicomVR.OB, new DicomValueElement(DicomTag.Item, DicomVR.OB, ReadOnlyMemory<byte>.Empty), [new DicomValueElement(DicomTag.Item, DicomVR.OB, new byte[] { 1, 2 })]);
        var icon = new DicomSequence(new DicomTag(0x0088, 0x0200), [Item(false, fragments)], undefinedLength: false);

        var bytes = DicomWriter.ToBytes(With(icon), DicomTransferSyntax.ExplicitVRLittleEndian);

        // Fragments element: 12 header + 8 offsets + 10 fragment + 8 delimiter = 38 (0x26); sequence value 46 (0x2E).
        Assert.Equal(Bytes.Of("88 00 00 02", "\"SQ\"", "00 00 2E 00 00 00", "FE FF 00 E0 26 00 00 00"), bytes[..20]);
        Assert.Equal(12 + 46, bytes.Length);
    }
}
