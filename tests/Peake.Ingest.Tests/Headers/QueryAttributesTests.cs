using Peake.Cluster.Studies;
using Peake.Dicom;
using Peake.Ingest.Headers;

namespace Peake.Ingest.Tests.Headers;

/// <summary>
/// ADR 0030: the header walk goes on past group 0020 up to the first element past group 0040, keeping what the query
/// read model matches — short text, the image geometry, short key sequences (also of undefined length) — in every
/// accepted encoding, bounded (a sequence too long is dropped whole, the walk goes on), never pixel data.
/// </summary>
public sealed class QueryAttributesTests
{
    private static DicomDataset Ct(int requestItems = 1, int pixelBytes = 2_000_000)
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");
        ds.SetString(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.2");
        ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.3.4.5.6");
        ds.SetString(DicomTags.StudyDate, DicomVR.DA, "20240105");
        ds.SetString(DicomTags.StudyTime, DicomVR.TM, "101500");
        ds.SetString(DicomTags.AccessionNumber, DicomVR.SH, "ACC-9");
        ds.SetString(DicomTags.Modality, DicomVR.CS, "CT");
        ds.SetString(DicomTags.StudyDescription, DicomVR.LO, "Chest");
        // Not a key sequence: walked over, not kept.
        ds.Set(new DicomSequence(DicomTags.ReferencedImageSequence, Enumerable.Range(0, 50).Select(i =>
        {
            var item = new DicomDataset();
            item.SetString(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, $"1.2.3.4.5.{i}");
            return item;
        }), undefinedLength: true));
        ds.SetString(DicomTags.PatientName, DicomVR.PN, "Müller^Jürgen");
        ds.SetString(DicomTags.PatientID, DicomVR.LO, "MRN-7");
        ds.SetString(DicomTags.BodyPartExamined, DicomVR.CS, "CHEST");
        ds.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, "1.2.3.4");
        ds.SetString(DicomTags.SeriesInstanceUID, DicomVR.UI, "1.2.3.4.1");
        ds.SetString(DicomTags.SeriesNumber, DicomVR.IS, "3");
        ds.SetString(DicomTags.InstanceNumber, DicomVR.IS, "17");
        ds.SetValues<ushort>(DicomTags.Rows, DicomVR.US, 512);
        ds.SetValues<ushort>(DicomTags.Columns, DicomVR.US, 512);
        ds.SetValues<ushort>(DicomTags.BitsAllocated, DicomVR.US, 16);
        // A LUT-sized binary value of group 0028: never kept.
        ds.SetValues<ushort>(DicomTags.RedPaletteColorLookupTableData, DicomVR.OW, new ushort[300]);
        ds.SetString(DicomTags.RequestingPhysician, DicomVR.PN, "House^Greg");
        ds.SetString(DicomTags.PerformedProcedureStepStartDate, DicomVR.DA, "20240105");
        ds.Set(new DicomSequence(DicomTags.RequestAttributesSequence, Enumerable.Range(0, requestItems).Select(i =>
        {
            var item = new DicomDataset();
            item.SetString(DicomTags.RequestedProcedureID, DicomVR.SH, $"RP{i}");
            item.SetString(DicomTags.ScheduledProcedureStepID, DicomVR.SH, $"SPS{i}");
            return item;
        }), undefinedLength: true));
        // Past group 0040: the walk stops before these.
        ds.SetString(new DicomTag(0x0054, 0x0400), DicomVR.SH, "past-0040");
        ds.SetValues<byte>(DicomTags.PixelData, DicomVR.OW, new byte[pixelBytes]);
        return ds;
    }

    private static DicomDataset Kept(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        var bytes = DicomWriter.ToBytes(dataset, syntax);
        using var prefix = new HeaderPrefix(syntax.Uid);
        for (var at = 0; at < bytes.Length; at += 7_001)
            prefix.Append(bytes.AsSpan(at, Math.Min(7_001, bytes.Length - at)));
        var (header, error) = prefix.Parse();
        Assert.Null(error);
        Assert.NotNull(header!.QueryAttributes);
        Assert.True(header.QueryAttributes!.Length <= QueryAttributeLimits.MaxBytes);
        using var stream = new MemoryStream(header.QueryAttributes);
        return DicomReader.ReadDataset(stream, DicomTransferSyntax.ExplicitVRLittleEndian);
    }

    public static TheoryData<string> Syntaxes() => new(
        DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid,
        DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid);

    [Theory]
    [MemberData(nameof(Syntaxes))]
    public void Given_a_CT_in_any_accepted_encoding_When_its_header_is_walked_Then_the_query_attributes_are_kept_as_explicit_little_endian(string syntaxUid)
    {
        var kept = Kept(Ct(), DicomTransferSyntax.Parse(syntaxUid));

        Assert.Equal("ISO_IR 100", kept.GetString(DicomTags.SpecificCharacterSet));
        Assert.Equal(
            ("Müller^Jürgen", "MRN-7", "20240105", "101500", "ACC-9", "CT", "Chest", "CHEST", "3", "17"),
            (kept.GetString(DicomTags.PatientName), kept.GetString(DicomTags.PatientID), kept.GetString(DicomTags.StudyDate),
                kept.GetString(DicomTags.StudyTime), kept.GetString(DicomTags.AccessionNumber), kept.GetString(DicomTags.Modality),
                kept.GetString(DicomTags.StudyDescription), kept.GetString(DicomTags.BodyPartExamined), kept.GetString(DicomTags.SeriesNumber),
                kept.GetString(DicomTags.InstanceNumber)));
        Assert.Equal([512, 512, 16], new[] { DicomTags.Rows, DicomTags.Columns, DicomTags.BitsAllocated }.Select(t => (int)kept.GetValues<ushort>(t)[0]));
        Assert.Equal(("House^Greg", "20240105"), (kept.GetString(DicomTags.RequestingPhysician), kept.GetString(DicomTags.PerformedProcedureStepStartDate)));
        var request = Assert.Single(kept.GetSequence(DicomTags.RequestAttributesSequence)!.Items);
        Assert.Equal(("RP0", "SPS0"), (request.GetString(DicomTags.RequestedProcedureID), request.GetString(DicomTags.ScheduledProcedureStepID)));
        Assert.False(kept.Contains(DicomTags.ReferencedImageSequence));
        Assert.False(kept.Contains(DicomTags.RedPaletteColorLookupTableData));
        Assert.False(kept.Contains(new DicomTag(0x0054, 0x0400)));
        Assert.False(kept.Contains(DicomTags.PixelData));
    }

    [Theory]
    [MemberData(nameof(Syntaxes))]
    public void Given_a_key_sequence_too_long_to_keep_When_walked_Then_it_is_dropped_whole_and_the_rest_is_still_kept(string syntaxUid)
    {
        var kept = Kept(Ct(requestItems: 300), DicomTransferSyntax.Parse(syntaxUid));

        Assert.False(kept.Contains(DicomTags.RequestAttributesSequence));
        Assert.Equal(("CT", "House^Greg"), (kept.GetString(DicomTags.Modality), kept.GetString(DicomTags.RequestingPhysician)));
    }

    [Fact]
    public void Given_hundreds_of_long_text_elements_When_walked_Then_the_attributes_stay_within_16_KiB_and_the_header_is_complete()
    {
        var ds = Ct();
        for (var element = 0x1000; element < 0x1100; element++)
            ds.SetString(new DicomTag(0x0018, (ushort)element), DicomVR.LO, new string('x', 60));
        var kept = Kept(ds, DicomTransferSyntax.ExplicitVRLittleEndian);

        // The keys of the C.6 tables come first; optional text fills what is left.
        Assert.Equal(("1.2.3.4", "1.2.3.4.1", "MRN-7", "20240105", "17"), (kept.GetString(DicomTags.StudyInstanceUID),
            kept.GetString(DicomTags.SeriesInstanceUID), kept.GetString(DicomTags.PatientID), kept.GetString(DicomTags.StudyDate), kept.GetString(DicomTags.InstanceNumber)));
        Assert.Equal(512, kept.GetValues<ushort>(DicomTags.Rows)[0]);
        Assert.InRange(kept.Count(e => e.Tag.Group == 0x0018), 100, 255);
        Assert.Equal("ISO_IR 100", kept.GetString(DicomTags.SpecificCharacterSet));
    }
}
