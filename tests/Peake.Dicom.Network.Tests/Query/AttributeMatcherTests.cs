using Peake.Dicom.Network.Query;

namespace Peake.Dicom.Network.Tests.Query;

public sealed class AttributeMatcherTests
{
    [Theory]
    [InlineData("LO", "ABC", "ABC", true)]
    [InlineData("LO", "ABC", "abc", false)]
    [InlineData("PN", "DOE^JOHN", "Doe^John", true)]
    [InlineData("PN", "DOE^JOHN", "DOE^JANE", false)]
    [InlineData("CS", "CT", "MR", false)]
    public void Single_value_matching_is_exact_except_for_case_in_PN(string vr, string key, string value, bool expected) =>
        Assert.Equal(expected, AttributeMatcher.Matches(Vr(vr), key, [value]));

    [Theory]
    [InlineData("LO")]
    [InlineData("UI")]
    [InlineData("DA")]
    public void An_empty_key_matches_everything_even_an_absent_attribute(string vr)
    {
        Assert.True(AttributeMatcher.Matches(Vr(vr), "", []));
        Assert.True(AttributeMatcher.Matches(Vr(vr), "", ["x"]));
    }

    [Theory]
    [InlineData("DOE*", "DOE^JOHN", true)]
    [InlineData("doe*", "DOE^JOHN", true)]
    [InlineData("*JOHN", "DOE^JOHN", true)]
    [InlineData("D?E^*", "DOE^JOHN", true)]
    [InlineData("D?E", "DOE^JOHN", false)]
    [InlineData("*", "", true)]
    [InlineData("SMITH*", "DOE^JOHN", false)]
    [InlineData("*O*O*", "DOE^JOHN", true)]
    [InlineData("*O*O*O*", "DOE^JOHN", false)]
    public void Wildcards_cover_the_whole_value(string key, string value, bool expected) =>
        Assert.Equal(expected, AttributeMatcher.Matches(DicomVR.PN, key, [value]));

    [Fact]
    public void Wildcards_are_literal_in_a_UID_and_a_UID_list_matches_any_member()
    {
        Assert.False(AttributeMatcher.Matches(DicomVR.UI, "1.2.*", ["1.2.3"]));
        Assert.True(AttributeMatcher.Matches(DicomVR.UI, @"1.2.4\1.2.3", ["1.2.3"]));
        Assert.False(AttributeMatcher.Matches(DicomVR.UI, @"1.2.4\1.2.5", ["1.2.3"]));
    }

    [Theory]
    [InlineData("20200101-20201231", "20200615", true)]
    [InlineData("20200101-20201231", "20210101", false)]
    [InlineData("-20200101", "20191231", true)]
    [InlineData("-20200101", "20200102", false)]
    [InlineData("20200101-", "20991231", true)]
    [InlineData("20200101-", "20191231", false)]
    [InlineData("20200615", "20200615", true)]
    [InlineData("20200615", "20200616", false)]
    [InlineData("2020-2020", "20200616", true)]
    public void Date_ranges_include_their_bounds(string key, string value, bool expected) =>
        Assert.Equal(expected, AttributeMatcher.Matches(DicomVR.DA, key, [value]));

    [Theory]
    [InlineData("10-12", "125959.5", true)]
    [InlineData("10-12", "130000", false)]
    [InlineData("1030-", "1029", false)]
    [InlineData("1030-", "103000", true)]
    [InlineData("-0800", "075959", true)]
    [InlineData("10:30-11:00", "1045", true)]
    public void Time_range_bounds_cover_everything_they_name(string key, string value, bool expected) =>
        Assert.Equal(expected, AttributeMatcher.Matches(DicomVR.TM, key, [value]));

    [Fact]
    public void A_date_time_range_ignores_a_stored_UTC_offset()
    {
        Assert.True(AttributeMatcher.Matches(DicomVR.DT, "20200101120000-20200101130000", ["20200101123000+0100"]));
        Assert.False(AttributeMatcher.Matches(DicomVR.DT, "20200101120000-20200101130000", ["20200101133000"]));
    }

    [Fact]
    public void A_date_key_never_matches_a_missing_date()
    {
        Assert.False(AttributeMatcher.Matches(DicomVR.DA, "20200101-", []));
        Assert.False(AttributeMatcher.Matches(DicomVR.DA, "20200101-", [""]));
    }

    [Fact]
    public void A_multi_valued_attribute_matches_when_any_value_does() =>
        Assert.True(AttributeMatcher.Matches(DicomVR.CS, "MR", ["CT", "MR"]));

    private static DicomVR Vr(string code) => code switch
    {
        "LO" => DicomVR.LO,
        "PN" => DicomVR.PN,
        "CS" => DicomVR.CS,
        "UI" => DicomVR.UI,
        _ => DicomVR.DA,
    };
}
