using Peake.Dicom;
using Peake.Ingest.Headers;

namespace Peake.Ingest.Tests.Headers;

/// <summary>
/// The header comes from a bounded prefix of the data set: it must be found when the data set is far longer than the
/// prefix (the cut falls inside pixel data or a long sequence), in every encoding the gateway accepts, and a data set
/// that cannot be read must be refused with a reason.
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
        var prefix = new HeaderPrefix(capacity);
        for (var at = 0; at < dataSet.Length; at += fragment)
            prefix.Append(dataSet.AsSpan(at, Math.Min(fragment, dataSet.Length - at)));
        return prefix.Parse(syntax.Uid);
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
    public void Given_a_prefix_cut_inside_a_sequence_before_the_patient_When_parsed_Then_it_says_what_is_missing_and_where_it_looked()
    {
        var bytes = DicomWriter.ToBytes(Instance(), DicomTransferSyntax.ExplicitVRLittleEndian);

        var (header, error) = Parse(bytes, DicomTransferSyntax.ExplicitVRLittleEndian, capacity: 4096);

        Assert.Null(header);
        Assert.Contains("missing", error, StringComparison.Ordinal);
        Assert.Contains("first", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_garbage_or_nothing_When_parsed_Then_it_is_refused_with_a_reason()
    {
        var garbage = Enumerable.Repeat((byte)0x7F, 5000).ToArray();

        var (none, empty) = new HeaderPrefix(1024).Parse(DicomTransferSyntax.ExplicitVRLittleEndian.Uid);
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
