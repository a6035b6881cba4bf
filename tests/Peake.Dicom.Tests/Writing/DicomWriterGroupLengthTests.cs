using System.Text;

namespace Peake.Dicom.Tests.Writing;

public class DicomWriterGroupLengthTests
{
    private static readonly DicomTag GroupLength = new(0x0008, 0x0000);

    private static DicomDataset DatasetWithGroupLength(uint storedValue)
    {
        var ds = new DicomDataset();
        ds.Set(new DicomValueElement(GroupLength, DicomVR.UL, BitConverter.GetBytes(storedValue)));
        ds.Set(new DicomValueElement(new DicomTag(0x0008, 0x0060), DicomVR.CS, Encoding.ASCII.GetBytes("CT")));
        ds.Set(new DicomValueElement(new DicomTag(0x0008, 0x1140), DicomVR.UN, new byte[70_000]));
        ds.Set(new DicomValueElement(new DicomTag(0x0010, 0x0010), DicomVR.PN, Encoding.ASCII.GetBytes("Doe^")));
        return ds;
    }

    [Fact]
    public void Given_group_length_When_written_explicit_Then_recomputed_to_the_bytes_of_its_group()
    {
        var bytes = DicomWriter.ToBytes(DatasetWithGroupLength(0xDEAD), DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.Equal(Bytes.Of("08 00 00 00", "\"UL\"", "04 00"), bytes[..8]);
        // CS element 8 + 2, UN element 12 + 70000.
        Assert.Equal(10u + 12 + 70_000, BitConverter.ToUInt32(bytes, 8));
    }

    [Fact]
    public void Given_group_length_When_written_implicit_Then_recomputed_with_implicit_headers()
    {
        var bytes = DicomWriter.ToBytes(DatasetWithGroupLength(0xDEAD), DicomTransferSyntax.ImplicitVRLittleEndian);

        Assert.Equal(Bytes.Of("08 00 00 00 04 00 00 00"), bytes[..8]);
        Assert.Equal(10u + 8 + 70_000, BitConverter.ToUInt32(bytes, 8));
    }

    [Fact]
    public void Given_keep_mode_When_written_Then_stored_group_length_is_written_unchanged()
    {
        var bytes = DicomWriter.ToBytes(DatasetWithGroupLength(0xDEAD), DicomTransferSyntax.ExplicitVRLittleEndian, new DicomWriteOptions { GroupLengths = DicomGroupLengthMode.Keep });

        Assert.Equal(0xDEADu, BitConverter.ToUInt32(bytes, 8));
    }

    [Fact]
    public void Given_remove_mode_When_written_Then_group_length_is_absent()
    {
        var bytes = DicomWriter.ToBytes(DatasetWithGroupLength(0xDEAD), DicomTransferSyntax.ExplicitVRLittleEndian, new DicomWriteOptions { GroupLengths = DicomGroupLengthMode.Remove });

        Assert.Equal(Bytes.Of("08 00 60 00", "\"CS\""), bytes[..6]);
    }

    [Fact]
    public void Given_group_length_inside_a_defined_length_item_When_removed_Then_item_length_shrinks_accordingly()
    {
        var item = DatasetWithGroupLength(0);
        var ds = new DicomDataset();
        ds.Set(new DicomSequence(new DicomTag(0x0040, 0xA730), [item], undefinedLength: false));

        var kept = DicomWriter.ToBytes(ds, DicomTransferSyntax.ImplicitVRLittleEndian);
        var removed = DicomWriter.ToBytes(ds, DicomTransferSyntax.ImplicitVRLittleEndian, new DicomWriteOptions { GroupLengths = DicomGroupLengthMode.Remove });

        Assert.Equal(kept.Length - 12, removed.Length);
        Assert.Equal((uint)(removed.Length - 16), BitConverter.ToUInt32(removed, 12));
        Assert.Equal((uint)(kept.Length - 16), BitConverter.ToUInt32(kept, 12));
    }
}
