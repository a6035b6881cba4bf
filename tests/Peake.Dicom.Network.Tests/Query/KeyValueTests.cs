using Peake.Dicom.Network.Query;

namespace Peake.Dicom.Network.Tests.Query;

/// <summary>The key value checks of PS3.4 C.2.2.2 / PS3.5 6.2 shared by C-FIND, C-GET, C-MOVE and QIDO-RS.</summary>
public sealed class KeyValueTests
{
    [Theory]
    [InlineData("DA", "")]
    [InlineData("DA", "20240229")]
    [InlineData("DA", "20240101-20241231")]
    [InlineData("DA", "-20241231")]
    [InlineData("DA", "20240101-")]
    [InlineData("DA", "2024")]
    [InlineData("DA", "1970-1990")]
    [InlineData("DA", "202402-202403")]
    [InlineData("DA", "2024.01.15")]
    [InlineData("TM", "10")]
    [InlineData("TM", "1015")]
    [InlineData("TM", "101500.123456")]
    [InlineData("TM", "0800-120000")]
    [InlineData("TM", "10:15:00")]
    [InlineData("UI", "1.2.840.10008.5.1.4.1.1.2")]
    [InlineData("UI", @"1.2.3\1.2.4")]
    [InlineData("LO", "DOE*")]
    [InlineData("PN", "Yamada^Tarou=山田^太郎")]
    [InlineData("DT", "20240101120000.5+0100-20240102")]
    [InlineData("CS", "CT")]
    public void Accepts_well_formed_values(string vr, string value) =>
        Assert.Null(KeyValues.Problem(DicomVR.Parse(vr), value));

    [Theory]
    [InlineData("DA", "20241345")]
    [InlineData("DA", "20230229")]
    [InlineData("DA", "202413")]
    [InlineData("DA", "24")]
    [InlineData("DA", "2024-01-01")]
    [InlineData("DA", "2024*")]
    [InlineData("DA", "-")]
    [InlineData("DA", "20241231-20240101")]
    [InlineData("DA", @"20240101\20240102")]
    [InlineData("TM", "2500")]
    [InlineData("TM", "1061")]
    [InlineData("TM", "101")]
    [InlineData("TM", "10.5")]
    [InlineData("TM", "1200-1100")]
    [InlineData("UI", "1.2.abc")]
    [InlineData("UI", "1.02.3")]
    [InlineData("UI", "1.2.*")]
    [InlineData("UI", @"1.2.3\\1.2.4")]
    [InlineData("DT", "2024/01/01")]
    [InlineData("SH", "SEVENTEEN-CHARSXX")]
    [InlineData("CS", "A_CODE_OF_17_CHAR")]
    public void Refuses_malformed_or_oversized_values_with_a_reason(string vr, string value) =>
        Assert.False(string.IsNullOrEmpty(KeyValues.Problem(DicomVR.Parse(vr), value)));

    [Fact]
    public void Counts_characters_not_bytes_and_person_names_per_component_group()
    {
        var group = new string('ü', 64);

        Assert.Null(KeyValues.Problem(DicomVR.LO, group));
        Assert.Null(KeyValues.Problem(DicomVR.PN, $"{group}={group}"));
        Assert.NotNull(KeyValues.Problem(DicomVR.LO, group + "x"));
        Assert.NotNull(KeyValues.Problem(DicomVR.PN, $"{group}x={group}"));
    }

    [Fact]
    public void A_C_FIND_identifier_with_a_bad_key_inside_a_sequence_item_is_refused_with_C000_naming_the_key()
    {
        var identifier = new DicomDataset();
        identifier.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, "STUDY");
        var item = new DicomDataset();
        item.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, "1.2.x");
        identifier.Set(new DicomSequence(DicomTags.ReferencedStudySequence, [item]));

        var refused = Assert.Throws<QueryFailedException>(() => CFindQuery.Parse(Peake.Dicom.Network.Dimse.CFindRequest.StudyRootSopClassUid, identifier));

        Assert.Equal(0xC000, refused.Status);
        Assert.Contains("(0020,000D)", refused.Message, StringComparison.OrdinalIgnoreCase);
    }
}
