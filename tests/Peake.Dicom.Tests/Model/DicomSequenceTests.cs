using System.Text;

namespace Peake.Dicom.Tests.Model;

public class DicomSequenceTests
{
    private static readonly DicomTag SpecificCharacterSet = new(0x0008, 0x0005);
    private static readonly DicomTag PatientName = new(0x0010, 0x0010);

    [Fact]
    public void Given_an_item_added_after_the_sequence_was_placed_When_text_is_set_Then_it_uses_the_inherited_character_set()
    {
        var ds = new DicomDataset();
        ds.SetString(SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        var seq = new DicomSequence(new DicomTag(0x0008, 0x1115));
        ds.Set(seq);

        var item = new DicomDataset();
        seq.Items.Add(item);
        item.SetString(PatientName, DicomVR.PN, "René");

        Assert.Same(ds, item.Parent);
        Assert.Equal(Encoding.UTF8.GetBytes("René "), ((DicomValueElement)item[PatientName]!).Bytes.ToArray()); // padded to even length
    }

    [Fact]
    public void Given_items_placed_before_the_sequence_When_the_sequence_is_set_Then_they_take_its_data_set_as_parent()
    {
        var item = new DicomDataset();
        var seq = new DicomSequence(new DicomTag(0x0008, 0x1115), [item]);
        var ds = new DicomDataset();
        ds.Set(seq);
        Assert.Same(ds, item.Parent);
    }
}
