using Peake.Dicom;
using Peake.Ingest.Headers;

namespace Peake.Ingest.Tests.Headers;

/// <summary>
/// The header is picked out of the data set as it streams by: it must be found however much comes before the UIDs
/// (long sequences, private blocks) and however long the data set is, in every encoding the gateway accepts, and a data
/// set that cannot be read must be refused with a reason.
/// </summary>
public sealed class HeaderPrefixTests
{
    private const string Study = "1.2.3.4";

    private static DicomDataset Instance(bool withSequence = true, int pixelBytes = 0)
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.2");
        ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.3.4.5.6");
        if (withSequence)
        {
            // An undefined-length sequence before the patient module, as modalities send (0008,1140), big enough to be cut.
            var items = Enumerable.Range(0, 3000).Select(i =>
            {
                var item = new DicomDataset();
                item.SetString(DicomTags.ReferencedSOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.2");
                item.SetString(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, $"1.2.3.4.5.{i}");
                return item;
            });
            ds.Set(new DicomSequence(DicomTags.ReferencedImageSequence, items, undefinedLength: true));
        }
        ds.SetString(DicomTags.PatientName, DicomVR.PN, "Doe^John");
        ds.SetString(DicomTags.PatientID, DicomVR.LO, "MRN-7");
        ds.SetString(DicomTags.PatientBirthDate, DicomVR.DA, "20010203");
        ds.SetString(DicomTags.PatientSex, DicomVR.CS, "M");
        ds.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, Study);
        ds.SetString(DicomTags.SeriesInstanceUID, DicomVR.UI, Study + ".1");
        if (pixelBytes > 0)
            ds.SetValues<byte>(DicomTags.PixelData, DicomVR.OW, new byte[pixelBytes]);
        return ds;
    }

    private static (InstanceHeader? Header, string? Error) Parse(byte[] dataSet, DicomTransferSyntax syntax, int capacity, int fragment = 16_000)
    {
        using var prefix = new HeaderPrefix(syntax.Uid, capacity);
        for (var at = 0; at < dataSet.Length; at += fragment)
            prefix.Append(dataSet.AsSpan(at, Math.Min(fragment, dataSet.Length - at)));
        return prefix.Parse();
    }

    public static TheoryData<string> Syntaxes() => new(
        DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid, DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid);

    [Theory]
    [MemberData(nameof(Syntaxes))]
    public void Given_a_data_set_far_longer_than_the_prefix_When_parsed_Then_the_header_is_found(string syntaxUid)
    {
        var syntax = DicomTransferSyntax.Parse(syntaxUid);
        var bytes = DicomWriter.ToBytes(Instance(pixelBytes: 3_000_000), syntax);

        var (header, error) = Parse(bytes, syntax, capacity: 256 * 1024);

        Assert.Null(error);
        Assert.Equal((Study, Study + ".1", "1.2.3.4.5.6", "MRN-7"), (header!.StudyInstanceUid, header.SeriesInstanceUid, header.SopInstanceUid, header.PatientId));
        Assert.Equal(new Cluster.Patients.ReportedDemographics("Doe^John", new DateOnly(2001, 2, 3), Cluster.Patients.PatientSex.Male), header.Demographics);
    }

    [Fact]
    public void Given_a_deflated_prefix_cut_inside_a_sequence_before_the_patient_When_parsed_Then_it_says_what_is_missing_and_where_it_looked()
    {
        var bytes = DicomWriter.ToBytes(Instance(), DicomTransferSyntax.DeflatedExplicitVRLittleEndian);

        var (header, error) = Parse(bytes, DicomTransferSyntax.DeflatedExplicitVRLittleEndian, capacity: 2048);

        Assert.Null(header);
        Assert.Contains("missing", error, StringComparison.Ordinal);
        Assert.Contains("first", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2.1", 1)]
    [InlineData("1.2.840.10008.1.2.1", 4093)]
    [InlineData("1.2.840.10008.1.2", 65536)]
    [InlineData("1.2.840.10008.1.2", 11)]
    public void Given_megabytes_of_sequences_and_private_elements_before_the_study_uid_When_parsed_Then_the_header_is_found(string syntaxUid, int fragment)
    {
        var syntax = DicomTransferSyntax.Parse(syntaxUid);
        var ds = Instance(pixelBytes: 100_000);
        // A vendor's private block in group 0009 (before the patient module) and a nested undefined-length sequence.
        ds.SetString(new DicomTag(0x0009, 0x0010), DicomVR.LO, "PEAKE TEST");
        ds.SetValues<byte>(new DicomTag(0x0009, 0x1001), DicomVR.OB, new byte[1_500_000]);
        var inner = new DicomDataset();
        inner.Set(new DicomSequence(DicomTags.ReferencedImageSequence, Enumerable.Range(0, 5000).Select(i =>
        {
            var item = new DicomDataset();
            item.SetString(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, $"1.2.3.4.6.{i}");
            return item;
        }), undefinedLength: true));
        ds.Set(new DicomSequence(DicomTags.ReferencedSeriesSequence, [inner], undefinedLength: true));
        var bytes = DicomWriter.ToBytes(ds, syntax);
        Assert.True(bytes.Length > 1_700_000);

        var (header, error) = Parse(bytes, syntax, capacity: 1024, fragment: fragment);

        Assert.Null(error);
        Assert.Equal((Study, Study + ".1", "1.2.3.4.5.6", "MRN-7"), (header!.StudyInstanceUid, header.SeriesInstanceUid, header.SopInstanceUid, header.PatientId));
    }

    [Fact]
    public void Given_sequences_nested_beyond_the_bound_When_parsed_Then_it_is_refused_without_recursing()
    {
        // (0008,1115) SQ of undefined length holding an item of undefined length holding the same, 100 levels deep,
        // between the SOP UIDs and the patient module; written by hand since a writer may choose defined lengths.
        var sop = new DicomDataset();
        sop.SetString(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.2");
        sop.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.3.4.5.6");
        var rest = Instance(withSequence: false);
        rest.Remove(DicomTags.SOPClassUID);
        rest.Remove(DicomTags.SOPInstanceUID);
        byte[] sequence = [0x08, 0x00, 0x15, 0x11, (byte)'S', (byte)'Q', 0, 0, 0xFF, 0xFF, 0xFF, 0xFF];
        byte[] item = [0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF];
        var nested = Enumerable.Range(0, 100).SelectMany(_ => sequence.Concat(item)).ToArray();
        var bytes = DicomWriter.ToBytes(sop, DicomTransferSyntax.ExplicitVRLittleEndian)
            .Concat(nested)
            .Concat(DicomWriter.ToBytes(rest, DicomTransferSyntax.ExplicitVRLittleEndian))
            .ToArray();

        var (header, error) = Parse(bytes, DicomTransferSyntax.ExplicitVRLittleEndian, capacity: 1024);

        Assert.Null(header);
        Assert.Contains("nested", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_garbage_or_nothing_When_parsed_Then_it_is_refused_with_a_reason()
    {
        var garbage = Enumerable.Repeat((byte)0x7F, 5000).ToArray();

        using var nothing = new HeaderPrefix(DicomTransferSyntax.ExplicitVRLittleEndian.Uid);
        var (none, empty) = nothing.Parse();
        var (header, error) = Parse(garbage, DicomTransferSyntax.ExplicitVRLittleEndian, capacity: 64 * 1024);

        Assert.Null(none);
        Assert.Contains("empty", empty, StringComparison.Ordinal);
        Assert.Null(header);
        Assert.NotNull(error);
    }

    [Fact]
    public void Given_a_data_set_without_pixel_data_that_fits_When_parsed_Then_it_is_read_whole()
    {
        var bytes = DicomWriter.ToBytes(Instance(withSequence: false), DicomTransferSyntax.ExplicitVRLittleEndian);

        var (header, error) = Parse(bytes, DicomTransferSyntax.ExplicitVRLittleEndian, capacity: 64 * 1024, fragment: 7);

        Assert.Null(error);
        Assert.Equal("1.2.840.10008.5.1.4.1.1.2", header!.SopClassUid);
        Assert.Null(header.IssuerOfPatientId);
    }
}
