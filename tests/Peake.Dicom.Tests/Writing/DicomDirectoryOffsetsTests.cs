using System.Buffers.Binary;
using System.IO.Compression;

namespace Peake.Dicom.Tests.Writing;

/// <summary>
/// PS3.3 F.3.2.1: a DICOMDIR's offsets must name its records' item tags in the file as written. A small DICOMDIR of three
/// records (patient A with a lower-level study, then patient B) is made consistent in explicit VR, read, then written in
/// other syntaxes and with a longer meta group; every offset is checked against the item positions found by scanning the
/// output bytes, not by asking the writer.
/// </summary>
public class DicomDirectoryOffsetsTests
{
    private const string DirectoryStorage = "1.2.840.10008.1.3.10";
    private static readonly DicomTag FileSetId = new(0x0004, 0x1130);
    private static readonly DicomTag First = new(0x0004, 0x1200);
    private static readonly DicomTag Last = new(0x0004, 0x1202);
    private static readonly DicomTag Consistency = new(0x0004, 0x1212);
    private static readonly DicomTag Records = new(0x0004, 0x1220);
    private static readonly DicomTag Next = new(0x0004, 0x1400);
    private static readonly DicomTag Lower = new(0x0004, 0x1420);
    private static readonly DicomTag RecordType = new(0x0004, 0x1430);
    private static readonly DicomTag IconSequence = new(0x0088, 0x0200);
    private static readonly DicomTag Rows = new(0x0028, 0x0010);
    private static readonly DicomTag PatientId = new(0x0010, 0x0020);
    private static readonly DicomTag SourceAETitle = new(0x0002, 0x0016);

    public static TheoryData<string> Targets => new() { "implicit", "explicit", "deflated" };

    [Theory]
    [MemberData(nameof(Targets))]
    public void Given_a_DICOMDIR_read_from_a_file_When_written_in_a_syntax_Then_every_offset_names_its_record(string target)
    {
        var source = DicomFile.Read(new MemoryStream(ConsistentExplicitDicomdir()));

        var output = Write(source, Syntax(target));

        AssertOffsetsNameTheRecords(output, Syntax(target));
    }

    [Fact]
    public void Given_a_longer_meta_group_When_written_in_the_same_syntax_Then_the_offsets_move_with_the_records()
    {
        var source = DicomFile.Read(new MemoryStream(ConsistentExplicitDicomdir()));
        source.Meta.SetString(SourceAETitle, DicomVR.AE, "A_LONGER_META_GROUP");
        var before = ScanRecords(ConsistentExplicitDicomdir(), deflated: false);

        using var ms = new MemoryStream();
        DicomFileWriter.Write(ms, source.Dataset, DicomTransferSyntax.ExplicitVRLittleEndian, source.Meta);
        var output = ms.ToArray();

        Assert.NotEqual(before, ScanRecords(output, deflated: false)); // the records did move
        AssertOffsetsNameTheRecords(output, DicomTransferSyntax.ExplicitVRLittleEndian);
    }

    [Fact]
    public void Given_a_chain_of_transcodes_through_implicit_and_deflated_When_read_back_each_time_Then_the_offsets_still_name_the_records()
    {
        var bytes = ConsistentExplicitDicomdir();
        foreach (var syntax in new[] { DicomTransferSyntax.ImplicitVRLittleEndian, DicomTransferSyntax.DeflatedExplicitVRLittleEndian, DicomTransferSyntax.ExplicitVRLittleEndian })
        {
            bytes = Write(DicomFile.Read(new MemoryStream(bytes)), syntax);
            AssertOffsetsNameTheRecords(bytes, syntax);
        }
    }

    [Fact]
    public void Given_a_file_that_starts_inside_a_larger_stream_When_read_Then_record_positions_count_from_the_file_start()
    {
        var file = ConsistentExplicitDicomdir();
        var stream = new MemoryStream([.. new byte[10], .. file]) { Position = 10 };

        var read = DicomFile.Read(stream);

        var offsets = ((DicomSequence)read.Dataset[Records]!).Items.Select(i => (uint)i.SourceOffset!.Value).ToArray();
        Assert.Equal(ScanRecords(file, deflated: false), offsets);
    }

    [Fact]
    public void Given_an_offset_that_names_no_record_When_written_Then_the_write_fails_naming_the_offset()
    {
        var source = DicomFile.Read(new MemoryStream(ConsistentExplicitDicomdir()));
        var records = ((DicomSequence)source.Dataset[Records]!).Items;
        records[0].SetValues(Next, DicomVR.UL, 12345u);

        var e = Assert.Throws<InvalidOperationException>(() => Write(source, DicomTransferSyntax.ImplicitVRLittleEndian));

        Assert.Contains("(0004,1400)", e.Message, StringComparison.Ordinal);
        Assert.Contains("12345", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_DICOMDIR_built_in_memory_with_nonzero_offsets_When_written_Then_the_write_fails_rather_than_guess()
    {
        var dataset = Dicomdir();
        dataset.SetValues(First, DicomVR.UL, 400u);

        Assert.Throws<InvalidOperationException>(() => WriteNew(dataset, DicomTransferSyntax.ExplicitVRLittleEndian, DirectoryMeta()));
    }

    [Fact]
    public void Given_another_SOP_class_When_written_Then_values_of_the_offset_tags_are_left_as_they_are()
    {
        var dataset = Dicomdir();
        dataset.SetValues(First, DicomVR.UL, 12345u);
        var meta = DirectoryMeta();
        meta.SetString(new DicomTag(0x0002, 0x0002), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.2");

        var output = WriteNew(dataset, DicomTransferSyntax.ExplicitVRLittleEndian, meta);

        Assert.Equal([12345u], DicomFile.Read(new MemoryStream(output)).Dataset.GetValues<uint>(First));
    }

    // Positions are scanned from the bytes; values are read back. first/last: A and B; A: next B, lower study; study
    // and B: none (0 stays 0).
    private static void AssertOffsetsNameTheRecords(byte[] file, DicomTransferSyntax syntax)
    {
        var positions = ScanRecords(file, syntax.IsDeflated);
        var (patientA, study, patientB) = (positions[0], positions[1], positions[2]);
        var read = DicomFile.Read(new MemoryStream(file));
        Assert.Equal(syntax, read.TransferSyntax);
        var records = ((DicomSequence)read.Dataset[Records]!).Items;

        Assert.Equal([patientA], read.Dataset.GetValues<uint>(First));
        Assert.Equal([patientB], read.Dataset.GetValues<uint>(Last));
        Assert.Equal([patientB], records[0].GetValues<uint>(Next));
        Assert.Equal([study], records[0].GetValues<uint>(Lower));
        Assert.Equal([0u], records[1].GetValues<uint>(Next));
        Assert.Equal([0u], records[1].GetValues<uint>(Lower));
        Assert.Equal([0u], records[2].GetValues<uint>(Next));
        Assert.Equal([0u], records[2].GetValues<uint>(Lower));
    }

    /// <summary>
    /// A DICOMDIR whose offsets are right for its own bytes: written once with zero offsets, its record positions
    /// scanned, then its data set encoded again with those offsets (same lengths, so nothing moves) behind the same meta.
    /// </summary>
    private static byte[] ConsistentExplicitDicomdir()
    {
        var dataset = Dicomdir();
        var draft = WriteNew(dataset, DicomTransferSyntax.ExplicitVRLittleEndian, DirectoryMeta());
        var p = ScanRecords(draft, deflated: false);
        var records = ((DicomSequence)dataset[Records]!).Items;
        dataset.SetValues(First, DicomVR.UL, p[0]);
        dataset.SetValues(Last, DicomVR.UL, p[2]);
        records[0].SetValues(Next, DicomVR.UL, p[2]);
        records[0].SetValues(Lower, DicomVR.UL, p[1]);

        var body = DicomWriter.ToBytes(dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
        var metaEnd = MetaEnd(draft);
        Assert.Equal(draft.Length - metaEnd, body.Length);
        return [.. draft[..metaEnd], .. body];
    }

    // Three records: patient A (defined length, with an icon sequence whose SQ header is 12 bytes in explicit VR and 8 in
    // implicit, so the records after it move differently per syntax), a study of undefined length, patient B.
    private static DicomDataset Dicomdir()
    {
        var ds = new DicomDataset();
        ds.SetString(FileSetId, DicomVR.CS, "TESTSET");
        ds.SetValues(First, DicomVR.UL, 0u);
        ds.SetValues(Last, DicomVR.UL, 0u);
        ds.SetValues(Consistency, DicomVR.US, (ushort)0);

        var icon = new DicomDataset { UndefinedLength = false };
        icon.SetValues(Rows, DicomVR.US, (ushort)64);
        var patientA = Record("PATIENT", undefinedLength: false);
        patientA.SetString(PatientId, DicomVR.LO, "A");
        patientA.Set(new DicomSequence(IconSequence, [icon], undefinedLength: false));
        var study = Record("STUDY", undefinedLength: true);
        var patientB = Record("PATIENT", undefinedLength: false);
        patientB.SetString(PatientId, DicomVR.LO, "B");
        ds.Set(new DicomSequence(Records, [patientA, study, patientB], undefinedLength: false));
        return ds;
    }

    private static DicomDataset Record(string type, bool undefinedLength)
    {
        var record = new DicomDataset { UndefinedLength = undefinedLength };
        record.SetValues(Next, DicomVR.UL, 0u);
        record.SetValues(new DicomTag(0x0004, 0x1410), DicomVR.US, (ushort)0xFFFF);
        record.SetValues(Lower, DicomVR.UL, 0u);
        record.SetString(RecordType, DicomVR.CS, type);
        return record;
    }

    private static DicomDataset DirectoryMeta()
    {
        var meta = new DicomDataset();
        meta.SetString(new DicomTag(0x0002, 0x0002), DicomVR.UI, DirectoryStorage);
        meta.SetString(new DicomTag(0x0002, 0x0003), DicomVR.UI, "1.2.3.4");
        return meta;
    }

    private static DicomTransferSyntax Syntax(string name) => name switch
    {
        "implicit" => DicomTransferSyntax.ImplicitVRLittleEndian,
        "explicit" => DicomTransferSyntax.ExplicitVRLittleEndian,
        _ => DicomTransferSyntax.DeflatedExplicitVRLittleEndian,
    };

    private static byte[] Write(DicomFile file, DicomTransferSyntax syntax)
    {
        using var ms = new MemoryStream();
        DicomFileWriter.Write(ms, file, syntax);
        return ms.ToArray();
    }

    private static byte[] WriteNew(DicomDataset dataset, DicomTransferSyntax syntax, DicomDataset meta)
    {
        using var ms = new MemoryStream();
        DicomFileWriter.Write(ms, dataset, syntax, meta);
        return ms.ToArray();
    }

    // PS3.10 7.1: preamble, "DICM", then (0002,0000) UL whose value is the length of the rest of the meta group.
    private static int MetaEnd(byte[] file) => 132 + 12 + (int)BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(132 + 8));

    /// <summary>
    /// The position of each record's item tag, from the first byte of the file (for a deflated file: the meta part plus
    /// the position in the inflated data set). Walks the top-level elements before (0004,1220), all of short-VR form in
    /// this DICOMDIR; the explicit/implicit form is told by the VR letters after the first tag.
    /// </summary>
    private static uint[] ScanRecords(byte[] file, bool deflated)
    {
        var metaEnd = MetaEnd(file);
        var data = deflated ? Inflate(file[metaEnd..]) : file[metaEnd..];
        var explicitVR = data[4] is >= (byte)'A' and <= (byte)'Z' && data[5] is >= (byte)'A' and <= (byte)'Z';
        var pos = 0;
        while (Tag(data, pos) != Records)
        {
            pos += explicitVR ? 8 + BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(pos + 6)) : 8 + (int)BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(pos + 4));
        }

        pos += explicitVR ? 12 : 8;
        var positions = new List<uint>();
        while (pos + 8 <= data.Length && Tag(data, pos) == DicomTag.Item)
        {
            positions.Add((uint)(metaEnd + pos));
            var length = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(pos + 4));
            if (length != 0xFFFFFFFF)
            {
                pos += 8 + (int)length;
                continue;
            }

            // Undefined length: this test's only undefined-length item nests nothing, so its delimiter is the next one.
            var delimiter = data.AsSpan(pos).IndexOf(new byte[] { 0xFE, 0xFF, 0x0D, 0xE0, 0, 0, 0, 0 });
            pos += delimiter + 8;
        }

        return [.. positions];
    }

    private static DicomTag Tag(byte[] data, int pos) =>
        new(BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(pos)), BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(pos + 2)));

    private static byte[] Inflate(byte[] deflated)
    {
        using var inflate = new DeflateStream(new MemoryStream(deflated), CompressionMode.Decompress);
        using var output = new MemoryStream();
        inflate.CopyTo(output);
        return output.ToArray();
    }
}
