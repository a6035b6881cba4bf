using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Server;

namespace Peake.Dicom.Network.Tests.Server;

/// <summary>Which context a retrieve sub-operation uses and how its data set is re-encoded (BRIEF6 4.4).</summary>
public sealed class SyntaxConversionTests
{
    private const string SopClass = "1.2.840.10008.5.1.4.1.1.7";
    private const string Implicit = "1.2.840.10008.1.2";
    private const string Explicit = "1.2.840.10008.1.2.1";
    private const string BigEndian = "1.2.840.10008.1.2.2";
    private const string JpegLossless = "1.2.840.10008.1.2.4.70";
    private const string Deflated = "1.2.840.10008.1.2.1.99";

    [Theory]
    // The stored syntax accepted: sent unchanged, whatever else is there.
    [InlineData(Implicit, new[] { Explicit, Implicit }, Implicit)]
    [InlineData(JpegLossless, new[] { Explicit, JpegLossless }, JpegLossless)]
    // Uncompressed, not accepted as stored: Explicit VR LE first, else Implicit VR LE.
    [InlineData(Implicit, new[] { BigEndian, Explicit }, Explicit)]
    [InlineData(Explicit, new[] { Implicit }, Implicit)]
    [InlineData(BigEndian, new[] { Implicit, Explicit }, Explicit)]
    [InlineData(Deflated, new[] { Implicit }, Implicit)]
    // Compressed with no context in its syntax, or nothing fitting: none.
    [InlineData(JpegLossless, new[] { Explicit, Implicit }, null)]
    [InlineData(Explicit, new[] { BigEndian }, null)]
    public void The_stored_syntax_wins_then_explicit_then_implicit_little_endian(string stored, string[] accepted, string? chosen)
    {
        var contexts = accepted.Select((ts, i) => new AcceptedPresentationContext((byte)(1 + (2 * i)), SopClass, ts));

        Assert.Equal(chosen, SyntaxConversion.Choose(stored, contexts)?.TransferSyntax);
    }

    [Fact]
    public async Task An_implicit_data_set_is_re_encoded_explicit_with_the_same_values_and_the_stream_itself_is_kept_when_no_conversion_is_needed()
    {
        var dataset = new DicomDataset();
        dataset.SetString(DicomTags.SOPClassUID, DicomVR.UI, SopClass);
        dataset.SetString(DicomTags.PatientName, DicomVR.PN, "DOE^JOHN");
        dataset.SetValues(DicomTags.Rows, DicomVR.US, (ushort)8);
        dataset.Set(new DicomValueElement(DicomTags.PixelData, DicomVR.OW, Enumerable.Range(0, 128).Select(i => (byte)i).ToArray()));
        var stored = new MemoryStream(DicomWriter.ToBytes(dataset, DicomTransferSyntax.ImplicitVRLittleEndian));

        var same = await SyntaxConversion.ConvertAsync(stored, Implicit, Implicit, default);
        await using var converted = await SyntaxConversion.ConvertAsync(
            new MemoryStream(DicomWriter.ToBytes(dataset, DicomTransferSyntax.ImplicitVRLittleEndian)), Implicit, Explicit, default);

        Assert.Same(stored, same);
        using var copy = new MemoryStream();
        await converted.CopyToAsync(copy);
        Assert.Equal(DicomWriter.ToBytes(dataset, DicomTransferSyntax.ExplicitVRLittleEndian), copy.ToArray());
    }

    [Fact]
    public async Task A_deflated_data_set_is_inflated_into_the_explicit_context()
    {
        var dataset = new DicomDataset();
        dataset.SetString(DicomTags.PatientName, DicomVR.PN, "DOE^JOHN");
        dataset.SetString(DicomTags.StudyDescription, DicomVR.LO, string.Concat(Enumerable.Repeat("CHEST ", 100)).Trim());

        await using var converted = await SyntaxConversion.ConvertAsync(
            new MemoryStream(DicomWriter.ToBytes(dataset, DicomTransferSyntax.DeflatedExplicitVRLittleEndian)), Deflated, Explicit, default);

        using var copy = new MemoryStream();
        await converted.CopyToAsync(copy);
        Assert.Equal(DicomWriter.ToBytes(dataset, DicomTransferSyntax.ExplicitVRLittleEndian), copy.ToArray());
    }
}
