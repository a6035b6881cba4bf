namespace Peake.Dicom.Tests.Reading;

public class SafetyTests
{
    [Theory]
    [InlineData("1.2.840.10008.1.2", true)]
    [InlineData("2.25.329800735698586629295641978511506172918", true)]
    [InlineData("../../etc/passwd", false)]
    [InlineData("1.2.3\0/x", false)]
    [InlineData("1.02.3", false)]
    [InlineData("1..2", false)]
    [InlineData("", false)]
    [InlineData("1.2.3.", false)]
    public void Should_accept_only_well_formed_UIDs(string uid, bool valid) => Assert.Equal(valid, DicomUid.IsValid(uid));

    [Fact]
    public void Should_generate_valid_UIDs() => Assert.True(DicomUid.IsValid(DicomUid.Generate()));

    [Fact]
    public void Should_compute_pixel_sizes_past_32_bits_without_overflow()
    {
        var ds = new DicomDataset();
        ds.SetValues(new DicomTag(0x0028, 0x0010), DicomVR.US, (ushort)65535);
        ds.SetValues(new DicomTag(0x0028, 0x0011), DicomVR.US, (ushort)65535);
        ds.SetValues(new DicomTag(0x0028, 0x0002), DicomVR.US, (ushort)3);
        ds.SetValues(new DicomTag(0x0028, 0x0100), DicomVR.US, (ushort)16);
        ds.SetString(new DicomTag(0x0028, 0x0008), DicomVR.IS, "1000");
        ds.SetValues(new DicomTag(0x7FE0, 0x0010), DicomVR.OW, new ushort[8]);

        var g = PixelGeometry.From(ds);
        Assert.Equal(65535L * 65535 * 3 * 2 * 1000, g.TotalLength);
        Assert.Throws<DicomParseException>(() => g.OpenFrame(ds, 0));
    }

    [Fact]
    public void Should_reject_a_negative_frame_count()
    {
        var ds = new DicomDataset();
        ds.SetString(new DicomTag(0x0028, 0x0008), DicomVR.IS, "-5");
        Assert.Throws<DicomParseException>(() => PixelGeometry.From(ds));
    }

    [Fact]
    public void Should_reject_a_geometry_no_64_bit_length_can_hold()
    {
        var ds = new DicomDataset();
        ds.SetValues(new DicomTag(0x0028, 0x0010), DicomVR.US, (ushort)65535);
        ds.SetValues(new DicomTag(0x0028, 0x0011), DicomVR.US, (ushort)65535);
        ds.SetValues(new DicomTag(0x0028, 0x0002), DicomVR.US, (ushort)4);
        ds.SetValues(new DicomTag(0x0028, 0x0100), DicomVR.US, (ushort)64);
        ds.SetString(new DicomTag(0x0028, 0x0008), DicomVR.IS, "2147483647");
        Assert.Throws<DicomParseException>(() => PixelGeometry.From(ds));
    }
}
