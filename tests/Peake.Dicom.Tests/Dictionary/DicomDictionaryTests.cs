namespace Peake.Dicom.Tests.Dictionary;

public class DicomDictionaryTests
{
    [Fact]
    public void Lookup_PatientName_IsPersonNameWithPs36Name()
    {
        var entry = DicomDictionary.Lookup(new DicomTag(0x0010, 0x0010));

        Assert.NotNull(entry);
        Assert.Equal("PatientName", entry.Keyword);
        Assert.Equal("Patient's Name", entry.Name);
        Assert.Equal([DicomVR.PN], entry.VRs);
        Assert.Equal("1", entry.VM);
        Assert.False(entry.Retired);
        Assert.False(entry.IsRepeating);
    }

    [Fact]
    public void Lookup_PixelData_ListsObAndOwInStandardOrder()
    {
        var entry = DicomDictionary.Lookup(DicomTags.PixelData);

        Assert.NotNull(entry);
        Assert.Equal([DicomVR.OB, DicomVR.OW], entry.VRs);
        Assert.Equal(new DicomTag(0x7FE0, 0x0010), DicomTags.PixelData);
    }

    [Fact]
    public void Lookup_AmbiguousPixelValue_ListsUsThenSs()
    {
        var entry = DicomDictionary.Lookup(DicomTags.SmallestImagePixelValue);

        Assert.NotNull(entry);
        Assert.Equal([DicomVR.US, DicomVR.SS], entry.VRs);
    }

    [Fact]
    public void Lookup_LutData_UsesPs36VrsRatherThanDcmtkPseudoVr()
    {
        var entry = DicomDictionary.Lookup(DicomTags.LUTData);

        Assert.NotNull(entry);
        Assert.Equal([DicomVR.US, DicomVR.OW], entry.VRs);
        Assert.Equal("1-n or 1", entry.VM);
    }

    [Fact]
    public void Lookup_OverlayDataInGroup6002_ResolvesRepeatingGroupEntry()
    {
        var entry = DicomDictionary.Lookup(new DicomTag(0x6002, 0x3000));

        Assert.NotNull(entry);
        Assert.Equal("OverlayData", entry.Keyword);
        Assert.True(entry.IsRepeating);
        Assert.True(entry.Matches(new DicomTag(0x60FE, 0x3000)));
        Assert.Equal([DicomVR.OB, DicomVR.OW], entry.VRs);
    }

    [Fact]
    public void Lookup_OddRepeatingGroup_IsPrivateNotOverlay()
    {
        // PS3.5 7.6: 60xx repeating groups are even; (6001,3000) is a private tag.
        Assert.Null(DicomDictionary.Lookup(new DicomTag(0x6001, 0x3000)));
    }

    [Fact]
    public void Lookup_RetiredCurveData_IsRetiredRepeatingEntry()
    {
        var entry = DicomDictionary.Lookup(new DicomTag(0x5010, 0x3000));

        Assert.NotNull(entry);
        Assert.Equal("CurveData", entry.Keyword);
        Assert.True(entry.Retired);
    }

    [Fact]
    public void Lookup_ElementMaskedRetiredEntry_Resolves()
    {
        var entry = DicomDictionary.Lookup(new DicomTag(0x0028, 0x0430));

        Assert.NotNull(entry);
        Assert.Equal("RowsForNthOrderCoefficients", entry.Keyword);
        Assert.Equal(0xFFFFFF0Fu, entry.Mask);
    }

    [Fact]
    public void Lookup_GroupLengthOfAnyGroup_IsUlGroupLength()
    {
        var entry = DicomDictionary.Lookup(new DicomTag(0x0029, 0x0000));

        Assert.NotNull(entry);
        Assert.Equal("Group Length", entry.Name);
        Assert.Equal([DicomVR.UL], entry.VRs);
        Assert.Equal(new DicomTag(0x0029, 0x0000), entry.Tag);
    }

    [Fact]
    public void Lookup_FileMetaGroupLength_KeepsItsOwnEntry()
    {
        var entry = DicomDictionary.Lookup(new DicomTag(0x0002, 0x0000));

        Assert.NotNull(entry);
        Assert.Equal("FileMetaInformationGroupLength", entry.Keyword);
        Assert.False(entry.Retired);
    }

    [Fact]
    public void Lookup_PrivateCreatorElement_IsLoPrivateCreator()
    {
        var entry = DicomDictionary.Lookup(new DicomTag(0x0029, 0x0011));

        Assert.NotNull(entry);
        Assert.Equal("Private Creator", entry.Name);
        Assert.Equal(DicomVR.LO, entry.VR);
    }

    [Fact]
    public void Lookup_PrivateDataElementWithoutCreator_IsUnknown()
    {
        Assert.Null(DicomDictionary.Lookup(new DicomTag(0x0029, 0x1010)));
    }

    [Fact]
    public void Lookup_UnknownPublicTag_ReturnsNull()
    {
        Assert.Null(DicomDictionary.Lookup(new DicomTag(0x0010, 0x7777)));
    }

    [Fact]
    public void Lookup_ByKeyword_FindsExactAndRepeatingEntries()
    {
        Assert.Equal(new DicomTag(0x0008, 0x0060), DicomDictionary.Lookup("Modality")?.Tag);
        Assert.Equal(new DicomTag(0x6000, 0x3000), DicomDictionary.Lookup("OverlayData")?.Tag);
        Assert.Null(DicomDictionary.Lookup("NoSuchKeyword"));
    }

    [Fact]
    public void Lookup_RetiredElement_HasKeywordWithoutDcmtkPrefix()
    {
        var entry = DicomDictionary.Lookup(new DicomTag(0x0008, 0x0001));

        Assert.NotNull(entry);
        Assert.Equal("LengthToEnd", entry.Keyword);
        Assert.True(entry.Retired);
    }

    [Fact]
    public void LookupPrivate_SiemensCsaHeader_ResolvesByCreatorAndLowByte()
    {
        // The creator may have been given any block: (0029,0011) → elements (0029,11xx).
        var entry = DicomDictionary.LookupPrivate(new DicomTag(0x0029, 0x1110), "SIEMENS CSA HEADER ");

        Assert.NotNull(entry);
        Assert.Equal("CSAImageHeaderInfo", entry.Keyword);
        Assert.Equal(DicomVR.OB, entry.VR);
        Assert.Equal("SIEMENS CSA HEADER", entry.PrivateCreator);
        Assert.True(entry.Matches(new DicomTag(0x0029, 0x1010)));
    }

    [Fact]
    public void LookupPrivate_GroupRangeEntry_MatchesAnyOddGroupOfTheRange()
    {
        var entry = DicomDictionary.LookupPrivate(new DicomTag(0x7003, 0x1005), "DLX_ANNOT_01");

        Assert.NotNull(entry);
        Assert.Equal("Box", entry.Keyword);
        Assert.Equal(DicomVR.IS, entry.VR);
    }

    [Fact]
    public void LookupPrivate_WrongCreator_ReturnsNull()
    {
        Assert.Null(DicomDictionary.LookupPrivate(new DicomTag(0x0029, 0x1010), "NOBODY"));
    }

    [Fact]
    public void ImplicitVR_PicksTheVrAReaderNeeds()
    {
        Assert.Equal(DicomVR.PN, DicomDictionary.ImplicitVR(DicomTags.PatientName, null));
        Assert.Equal(DicomVR.OW, DicomDictionary.ImplicitVR(DicomTags.PixelData, null));
        Assert.Equal(DicomVR.OW, DicomDictionary.ImplicitVR(new DicomTag(0x6004, 0x3000), null));
        Assert.Equal(DicomVR.US, DicomDictionary.ImplicitVR(DicomTags.PixelPaddingValue, null));
        Assert.Equal(DicomVR.UL, DicomDictionary.ImplicitVR(new DicomTag(0x0011, 0x0000), null));
        Assert.Equal(DicomVR.LO, DicomDictionary.ImplicitVR(new DicomTag(0x0029, 0x0010), null));
        Assert.Equal(DicomVR.CS, DicomDictionary.ImplicitVR(new DicomTag(0x0029, 0x1008), "SIEMENS CSA HEADER"));
        Assert.Equal(DicomVR.UN, DicomDictionary.ImplicitVR(new DicomTag(0x0029, 0x1008), null));
        Assert.Equal(DicomVR.UN, DicomDictionary.ImplicitVR(new DicomTag(0x0010, 0x7777), null));
        Assert.Equal(DicomVR.UN, DicomDictionary.ImplicitVR(DicomTag.Item, null));
        Assert.Equal(DicomVR.SQ, DicomDictionary.ImplicitVR(DicomTags.ReferencedImageSequence, null));
    }

    [Fact]
    public void Entries_HoldThousandsOfPublicAndPrivateElements()
    {
        Assert.InRange(DicomDictionary.Entries.Count, 4500, 10000);
        Assert.InRange(DicomDictionary.PrivateCount, 2000, 10000);
        Assert.Equal(DicomDictionary.Entries.Count, DicomDictionary.Entries.Select(e => e.Keyword).Distinct().Count());
    }

    [Fact]
    public void Entries_AgreeWithGeneratedTagConstants()
    {
        foreach (var entry in DicomDictionary.Entries.Where(e => !e.IsRepeating))
        {
            var field = typeof(DicomTags).GetField(entry.Keyword);
            Assert.NotNull(field);
            Assert.Equal(entry.Tag, (DicomTag)field.GetValue(null)!);
        }
    }

    [Fact]
    public void Entries_HaveNamesAndValidVMs()
    {
        foreach (var entry in DicomDictionary.Entries)
        {
            Assert.False(string.IsNullOrWhiteSpace(entry.Name), entry.Keyword);
            Assert.Matches(@"^\d+(-(\d*n|\d+))?( or \d+(-(\d*n|\d+))?)?$", entry.VM);
        }
    }
}
