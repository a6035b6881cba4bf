namespace Peake.Dicom.Tests.Dictionary;

public class DicomUidRegistryTests
{
    [Fact]
    public void Lookup_CtImageStorage_IsSopClass()
    {
        var entry = DicomUidRegistry.Lookup("1.2.840.10008.5.1.4.1.1.2");

        Assert.NotNull(entry);
        Assert.Equal("CT Image Storage", entry.Name);
        Assert.Equal("CTImageStorage", entry.Keyword);
        Assert.Equal("SOP Class", entry.Type);
        Assert.Equal(DicomUids.CTImageStorage, entry.Uid);
    }

    [Fact]
    public void Lookup_ExplicitVrLittleEndian_IsTransferSyntaxWithPs36Keyword()
    {
        var entry = DicomUidRegistry.Lookup(DicomUids.ExplicitVRLittleEndian);

        Assert.NotNull(entry);
        Assert.Equal("1.2.840.10008.1.2.1", entry.Uid);
        Assert.Equal("Explicit VR Little Endian", entry.Name);
        Assert.Equal("Transfer Syntax", entry.Type);
        Assert.False(entry.Retired);
    }

    [Fact]
    public void Lookup_HtJ2kTransferSyntaxesNewerThanDcmtk_ComeFromSupplement()
    {
        Assert.Equal("High-Throughput JPEG 2000 Image Compression (Lossless Only)", DicomUidRegistry.Lookup("1.2.840.10008.1.2.4.201")?.Name);
        Assert.Equal("HTJ2KLosslessRPCL", DicomUidRegistry.Lookup("1.2.840.10008.1.2.4.202")?.Keyword);
        Assert.Equal("1.2.840.10008.1.2.4.203", DicomUids.HTJ2K);
        Assert.Equal("Transfer Syntax", DicomUidRegistry.Lookup(DicomUids.HTJ2K)?.Type);
    }

    [Fact]
    public void Lookup_PaddedUid_IgnoresTrailingNul()
    {
        Assert.Equal("ImplicitVRLittleEndian", DicomUidRegistry.Lookup("1.2.840.10008.1.2\0")?.Keyword);
    }

    [Fact]
    public void Lookup_RetiredTransferSyntax_IsFlagged()
    {
        var entry = DicomUidRegistry.Lookup(DicomUids.ExplicitVRBigEndian);

        Assert.NotNull(entry);
        Assert.True(entry.Retired);
    }

    [Fact]
    public void Lookup_QueryRetrieveModel_UsesPs36KeywordOrder()
    {
        Assert.Equal("Study Root Query/Retrieve Information Model - FIND", DicomUidRegistry.Lookup(DicomUids.StudyRootQueryRetrieveInformationModelFind)?.Name);
        Assert.Equal("1.2.840.10008.1.1", DicomUids.Verification);
    }

    [Fact]
    public void Lookup_UnknownUid_ReturnsNull()
    {
        Assert.Null(DicomUidRegistry.Lookup("1.2.3.4"));
    }

    [Fact]
    public void Entries_HoldHundredsOfUidsWithUniqueKeywords()
    {
        Assert.InRange(DicomUidRegistry.Entries.Count, 300, 2000);
        Assert.Equal(DicomUidRegistry.Entries.Count, DicomUidRegistry.Entries.Select(e => e.Keyword).Distinct().Count());
        Assert.Contains(DicomUidRegistry.Entries, e => e.Type == "Well-known frame of reference");
    }
}
