namespace Peake.Dicom.Tests.Reading;

public class EncapsulatedFramesTests
{
    private static DicomFragments Fragments(uint[] offsets, params int[] lengths) => new(
        new DicomTag(0x7FE0, 0x0010),
        DicomVR.OB,
        new DicomValueElement(DicomTag.Item, DicomVR.OB, offsets.SelectMany(BitConverter.GetBytes).ToArray()),
        lengths.Select(l => new DicomValueElement(DicomTag.Item, DicomVR.OB, new byte[l])));

    private static DicomDataset Frames(int n)
    {
        var ds = new DicomDataset();
        ds.SetString(new DicomTag(0x0028, 0x0008), DicomVR.IS, n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return ds;
    }

    [Fact]
    public void Should_group_fragments_by_the_basic_offset_table()
    {
        // Frame 0: fragments 0 and 1 (10 + 8 and 20 + 8 bytes); frame 1 starts at 46 with fragment 2.
        var map = EncapsulatedFrames.Map(Frames(2), Fragments([0, 46], 10, 20, 30));
        Assert.Equal([0, 1], map[0]);
        Assert.Equal([2], map[1]);
    }

    [Fact]
    public void Should_prefer_the_extended_offset_table()
    {
        var ds = Frames(2);
        ds.Set(new DicomValueElement(new DicomTag(0x7FE0, 0x0001), DicomVR.OV, new ulong[] { 0, 18 }.SelectMany(BitConverter.GetBytes).ToArray()));
        var map = EncapsulatedFrames.Map(ds, Fragments([], 10, 20));
        Assert.Equal([0], map[0]);
        Assert.Equal([1], map[1]);
    }

    [Fact]
    public void Should_assume_one_fragment_per_frame_without_a_table()
    {
        var map = EncapsulatedFrames.Map(Frames(3), Fragments([], 4, 4, 4));
        Assert.Equal(3, map.Count);
    }

    [Fact]
    public void Should_reject_an_offset_inside_a_fragment()
    {
        Assert.Throws<DicomParseException>(() => EncapsulatedFrames.Map(Frames(2), Fragments([0, 7], 10, 20)));
    }
}
