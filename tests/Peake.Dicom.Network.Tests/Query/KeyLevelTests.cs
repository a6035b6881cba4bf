using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Query;

namespace Peake.Dicom.Network.Tests.Query;

/// <summary>The hierarchical checks on C-FIND and C-GET / C-MOVE identifiers (PS3.4 C.4.1.2.1, C.4.2.1.4.1, C.4.3.1.3.1).</summary>
public sealed class KeyLevelTests
{
    [Theory]
    [InlineData(CFindRequest.StudyRootSopClassUid, "STUDY", 0x0008, 0x0060)]
    [InlineData(CFindRequest.StudyRootSopClassUid, "SERIES", 0x0008, 0x0018)]
    [InlineData(CFindRequest.StudyRootSopClassUid, "STUDY", 0x0020, 0x1209)]
    [InlineData(CFindRequest.PatientRootSopClassUid, "PATIENT", 0x0020, 0x000D)]
    [InlineData(CFindRequest.PatientRootSopClassUid, "PATIENT", 0x0008, 0x0061)]
    [InlineData(CFindRequest.PatientRootSopClassUid, "PATIENT", 0x0020, 0x1208)]
    [InlineData(CFindRequest.PatientRootSopClassUid, "SERIES", 0x0028, 0x0010)]
    public void A_C_FIND_key_below_the_level_is_refused_with_A900_naming_the_tag(string sopClass, string level, ushort group, ushort element)
    {
        var tag = new DicomTag(group, element);
        var id = Identifier(level);
        id.Set(new DicomValueElement(tag, DicomDictionary.ImplicitVR(tag, null), ReadOnlyMemory<byte>.Empty));

        var e = Assert.Throws<QueryFailedException>(() => CFindQuery.Parse(sopClass, id));

        Assert.Equal(CFindStatus.IdentifierDoesNotMatchSopClass, e.Status);
        Assert.Contains(tag.ToString(), e.Message, StringComparison.Ordinal);
        // (0000,0902) Error Comment is LO: 64 characters at most.
        Assert.InRange(e.Message.Length, 1, 64);
    }

    [Theory]
    // Study-level keys, also in Study Root where patient attributes are study attributes.
    [InlineData(CFindRequest.StudyRootSopClassUid, "STUDY", 0x0008, 0x0061)]
    [InlineData(CFindRequest.StudyRootSopClassUid, "STUDY", 0x0008, 0x0062)]
    [InlineData(CFindRequest.StudyRootSopClassUid, "STUDY", 0x0020, 0x1208)]
    [InlineData(CFindRequest.StudyRootSopClassUid, "STUDY", 0x0020, 0x1200)]
    [InlineData(CFindRequest.StudyRootSopClassUid, "STUDY", 0x0010, 0x0010)]
    [InlineData(CFindRequest.PatientRootSopClassUid, "PATIENT", 0x0020, 0x1204)]
    // Above the level: matched relationally.
    [InlineData(CFindRequest.PatientRootSopClassUid, "IMAGE", 0x0010, 0x0010)]
    [InlineData(CFindRequest.StudyRootSopClassUid, "SERIES", 0x0008, 0x0020)]
    [InlineData(CFindRequest.StudyRootSopClassUid, "IMAGE", 0x0008, 0x0060)]
    // Not in the tables: an optional key of the level (private, unknown).
    [InlineData(CFindRequest.StudyRootSopClassUid, "STUDY", 0x0029, 0x1001)]
    public void A_C_FIND_key_of_the_level_or_above_is_taken(string sopClass, string level, ushort group, ushort element)
    {
        var tag = new DicomTag(group, element);
        var id = Identifier(level);
        id.Set(new DicomValueElement(tag, DicomVR.LO, ReadOnlyMemory<byte>.Empty));

        var query = CFindQuery.Parse(sopClass, id);

        Assert.True(query.Identifier.Contains(tag));
    }

    [Fact]
    public void A_retrieve_identifier_of_the_unique_keys_with_UID_lists_is_taken()
    {
        var id = Identifier("SERIES");
        id.SetString(DicomTags.PatientID, DicomVR.LO, "P1");
        id.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, "1.2");
        id.SetString(DicomTags.SeriesInstanceUID, DicomVR.UI, @"1.2.1\1.2.2");
        id.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");

        var query = CFindQuery.Parse(CMoveRequest.PatientRootSopClassUid, id, retrieve: true);

        Assert.Equal(QueryLevel.Series, query.Level);
    }

    [Theory]
    // A required or optional key.
    [InlineData(CGetRequest.StudyRootSopClassUid, "STUDY", "PatientName", "1.2", null)]
    [InlineData(CGetRequest.StudyRootSopClassUid, "STUDY", "PatientID", "1.2", null)]
    [InlineData(CMoveRequest.StudyRootSopClassUid, "STUDY", "Modality", "1.2", null)]
    // A missing or empty unique key of the level or above.
    [InlineData(CGetRequest.StudyRootSopClassUid, "STUDY", null, "", null)]
    [InlineData(CMoveRequest.PatientRootSopClassUid, "STUDY", null, "1.2", "")]
    [InlineData(CMoveRequest.PatientRootSopClassUid, "STUDY", null, "1.2", @"P1\P2")]
    public void A_retrieve_identifier_that_is_not_exactly_unique_keys_is_refused_with_A900(string sopClass, string level, string? extra, string study, string? patient)
    {
        var id = Identifier(level);
        id.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, study);
        if (patient is not null)
        {
            id.SetString(DicomTags.PatientID, DicomVR.LO, patient);
        }

        if (extra is not null)
        {
            var tag = extra switch { "PatientName" => DicomTags.PatientName, "PatientID" => DicomTags.PatientID, _ => DicomTags.Modality };
            id.SetString(tag, DicomDictionary.ImplicitVR(tag, null), "X");
        }

        var e = Assert.Throws<QueryFailedException>(() => CFindQuery.Parse(sopClass, id, retrieve: true));

        Assert.Equal(CFindStatus.IdentifierDoesNotMatchSopClass, e.Status);
        Assert.InRange(e.Message.Length, 1, 64);
    }

    private static DicomDataset Identifier(string level)
    {
        var id = new DicomDataset();
        id.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, level);
        return id;
    }
}
