using Peake.Dicom.Network.Client;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Server;

/// <summary>dcmtk's findscu against our SCP's C-FIND over what storescu stored (PS3.4 C.4.1).</summary>
public sealed class FindTests(FindArchive archive) : IClassFixture<FindArchive>
{
    private const string PatientRoot = "-P";
    private const string StudyRoot = "-S";

    [Fact]
    public async Task Exact_match_on_Patient_ID_finds_that_patients_studies()
    {
        var studies = await Values(StudyRoot, DicomTags.StudyInstanceUID, "QueryRetrieveLevel=STUDY", "PatientID=P1", "StudyInstanceUID");

        Assert.Equal([FindArchive.Study("1"), FindArchive.Study("2")], studies);
    }

    [Fact]
    public async Task Wildcard_on_Patient_Name_is_case_insensitive_and_answers_once_per_patient()
    {
        var patients = await Values(PatientRoot, DicomTags.PatientID, "QueryRetrieveLevel=PATIENT", "PatientName=r*", "PatientID");
        var all = await Values(PatientRoot, DicomTags.PatientID, "QueryRetrieveLevel=PATIENT", "PatientName=?o?^*", "PatientID");

        Assert.Equal(["P2"], patients);
        Assert.Equal(["P1", "P2"], all);
    }

    [Fact]
    public async Task Date_range_finds_the_studies_inside_it()
    {
        var studies = await Values(StudyRoot, DicomTags.StudyInstanceUID, "QueryRetrieveLevel=STUDY", "StudyDate=20210101-20221231", "StudyInstanceUID");
        var before = await Values(StudyRoot, DicomTags.StudyDate, "QueryRetrieveLevel=STUDY", "StudyDate=-20201231");

        Assert.Equal([FindArchive.Study("2"), FindArchive.Study("3")], studies);
        Assert.Equal(["20200101"], before);
    }

    [Fact]
    public async Task UID_list_matches_any_of_its_studies()
    {
        var series = await Values(
            StudyRoot,
            DicomTags.SeriesInstanceUID,
            "QueryRetrieveLevel=SERIES",
            $@"StudyInstanceUID={FindArchive.Study("1")}\{FindArchive.Study("3")}",
            "SeriesInstanceUID");

        Assert.Equal([FindArchive.Series("1.1"), FindArchive.Series("1.2"), FindArchive.Series("3.1")], series);
    }

    [Fact]
    public async Task Universal_keys_list_everything_at_the_level()
    {
        var studies = await Values(StudyRoot, DicomTags.StudyInstanceUID, "QueryRetrieveLevel=STUDY", "StudyInstanceUID");
        var images = await Values(PatientRoot, DicomTags.SOPInstanceUID, "QueryRetrieveLevel=IMAGE", "PatientID=P1", $"StudyInstanceUID={FindArchive.Study("1")}", $"SeriesInstanceUID={FindArchive.Series("1.1")}", "SOPInstanceUID");

        Assert.Equal([FindArchive.Study("1"), FindArchive.Study("2"), FindArchive.Study("3")], studies);
        Assert.Equal([FindArchive.Sop("1.1.1"), FindArchive.Sop("1.1.2")], images);
    }

    [Fact]
    public async Task Patient_root_responses_carry_exactly_the_requested_keys_even_when_absent()
    {
        var (result, responses) = await archive.FindAsync(
            PatientRoot, "QueryRetrieveLevel=SERIES", "PatientID=P2", $"StudyInstanceUID={FindArchive.Study("3")}", "SeriesInstanceUID", "AccessionNumber");

        var response = Assert.Single(responses);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("P2", response.GetString(DicomTags.PatientID));
        Assert.Equal(FindArchive.Study("3"), response.GetString(DicomTags.StudyInstanceUID));
        Assert.Equal(FindArchive.Series("3.1"), response.GetString(DicomTags.SeriesInstanceUID));
        Assert.Equal("SERIES", response.GetString(DicomTags.QueryRetrieveLevel));
        Assert.True(response.Contains(DicomTags.AccessionNumber));
        Assert.Equal("", response.GetString(DicomTags.AccessionNumber));
        Assert.Equal(
            new[] { DicomTags.QueryRetrieveLevel, DicomTags.AccessionNumber, DicomTags.PatientID, DicomTags.StudyInstanceUID, DicomTags.SeriesInstanceUID }.Order(),
            response.Select(e => e.Tag).Order());
    }

    [Fact]
    public async Task A_study_root_study_query_answers_with_exactly_the_requested_keys_and_the_level()
    {
        var (result, responses) = await archive.FindAsync(StudyRoot, "QueryRetrieveLevel=STUDY", "PatientID=P2", "PatientName", "StudyDate");

        Assert.True(result.ExitCode == 0, result.ToString());
        var response = Assert.Single(responses);
        // No unrequested Study Instance UID, no (0008,0005) for default-repertoire values.
        Assert.Equal(
            new[] { DicomTags.QueryRetrieveLevel, DicomTags.StudyDate, DicomTags.PatientName, DicomTags.PatientID }.Order(),
            response.Select(e => e.Tag).Order());
        Assert.Equal("ROE^JANE", response.GetString(DicomTags.PatientName));
    }

    [Fact]
    public async Task Modalities_in_study_and_the_related_counts_are_computed_matched_and_returned()
    {
        var (result, responses) = await archive.FindAsync(
            StudyRoot, "QueryRetrieveLevel=STUDY", "ModalitiesInStudy=CT", "StudyInstanceUID", "SOPClassesInStudy",
            "NumberOfStudyRelatedSeries", "NumberOfStudyRelatedInstances", "NumberOfPatientRelatedStudies");
        var either = await Values(StudyRoot, DicomTags.StudyInstanceUID, "QueryRetrieveLevel=STUDY", @"ModalitiesInStudy=CT\MR", "StudyInstanceUID");
        var series = await Values(StudyRoot, DicomTags.NumberOfSeriesRelatedInstances, "QueryRetrieveLevel=SERIES", $"StudyInstanceUID={FindArchive.Study("1")}", "NumberOfSeriesRelatedInstances");

        Assert.True(result.ExitCode == 0, result.ToString());
        var study = Assert.Single(responses);
        Assert.Equal(FindArchive.Study("1"), study.GetString(DicomTags.StudyInstanceUID));
        Assert.Equal(["CT", "OT"], study.GetStrings(DicomTags.ModalitiesInStudy));
        Assert.Equal(["1.2.840.10008.5.1.4.1.1.7"], study.GetStrings(DicomTags.SOPClassesInStudy));
        Assert.Equal("2", study.GetString(DicomTags.NumberOfStudyRelatedSeries));
        Assert.Equal("3", study.GetString(DicomTags.NumberOfStudyRelatedInstances));
        Assert.Equal("2", study.GetString(DicomTags.NumberOfPatientRelatedStudies));
        Assert.Equal([FindArchive.Study("1"), FindArchive.Study("2")], either);
        Assert.Equal(["1", "2"], series.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(StudyRoot, "STUDY", "Modality=CT")]
    [InlineData(StudyRoot, "SERIES", "SOPInstanceUID")]
    [InlineData(StudyRoot, "STUDY", "NumberOfSeriesRelatedInstances")]
    [InlineData(PatientRoot, "PATIENT", "StudyDate")]
    [InlineData(PatientRoot, "PATIENT", "ModalitiesInStudy")]
    public async Task A_key_below_the_query_level_is_refused_with_A900(string model, string level, string key)
    {
        var (result, responses) = await archive.FindAsync(model, $"QueryRetrieveLevel={level}", "PatientID", key);

        Assert.Empty(responses);
        Assert.Contains("Final Find Response (Error: DataSetDoesNotMatchSOPClass)", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PatientName", "Failed: UnableToProcess")]
    [InlineData("QueryRetrieveLevel=WARD", "Failed: UnableToProcess")]
    [InlineData("QueryRetrieveLevel=PATIENT", "Error: DataSetDoesNotMatchSOPClass")]
    public async Task A_malformed_query_gets_a_failure_status_and_no_matches(string key, string findscuSays)
    {
        var (result, responses) = await archive.FindAsync(StudyRoot, key);

        Assert.Empty(responses);
        // findscu names C000H "Failed: UnableToProcess" and A900H "Error: DataSetDoesNotMatchSOPClass".
        Assert.Contains($"Final Find Response ({findscuSays})", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_store_opened_again_indexes_the_files_already_there()
    {
        var reopened = new Peake.Dicom.Network.Server.FolderStore(archive.Server.Directory);

        Assert.Equal(6, reopened.Index.Count);
        Assert.Equal(6, archive.Server.Store.Index.Count);
    }

    [Fact]
    public async Task A_sequence_key_matches_the_studies_with_an_item_holding_all_its_keys_and_returns_only_that_item()
    {
        var (result, responses) = await archive.FindAsync(StudyRoot, "QueryRetrieveLevel=STUDY", "StudyInstanceUID", "ProcedureCodeSequence[0].CodeValue=CT9", "ProcedureCodeSequence[0].CodingSchemeDesignator=LOCAL");
        var (_, none) = await archive.FindAsync(StudyRoot, "QueryRetrieveLevel=STUDY", "ProcedureCodeSequence[0].CodeValue=CT9", "ProcedureCodeSequence[0].CodingSchemeDesignator=OTHER");
        var (_, universal) = await archive.FindAsync(StudyRoot, "QueryRetrieveLevel=STUDY", "StudyInstanceUID=" + FindArchive.Study("1"), "ProcedureCodeSequence");

        Assert.True(result.ExitCode == 0, result.ToString());
        var response = Assert.Single(responses);
        Assert.Equal(FindArchive.Study("1"), response.GetString(DicomTags.StudyInstanceUID));
        // PS3.4 C.2.2.2.6: the matching items only, holding only the requested attributes.
        var item = Assert.Single(response.GetSequence(DicomTags.ProcedureCodeSequence)!.Items);
        Assert.Equal("CT9", item.GetString(DicomTags.CodeValue));
        Assert.Equal(2, item.Count);
        Assert.Empty(none);
        // An empty sequence key returns the whole stored sequence.
        Assert.Equal(["CT1", "CT9"], Assert.Single(universal).GetSequence(DicomTags.ProcedureCodeSequence)!.Items.Select(i => i.GetString(DicomTags.CodeValue)));
    }

    [Fact]
    public async Task Combined_datetime_matching_is_one_range_when_negotiated_and_per_day_otherwise()
    {
        // Study 1 is 20200101 10:00, study 2 is 20210505 09:00.
        var combined = await OurFindAsync(negotiate: true, "20200101-20210505", "0930-2300");
        var separate = await OurFindAsync(negotiate: false, "20200101-20210505", "0930-2300");

        Assert.True(combined.Agreed);
        Assert.Equal([FindArchive.Study("1"), FindArchive.Study("2")], combined.Studies);
        Assert.False(separate.Agreed);
        Assert.Equal([FindArchive.Study("1")], separate.Studies);
    }

    private async Task<(bool Agreed, List<string> Studies)> OurFindAsync(bool negotiate, string date, string time)
    {
        byte[] ask = [0, 1, 0, 0];
        var request = new AssociationRequest
        {
            CallingAeTitle = "PEAKE_SCU",
            CalledAeTitle = TestServer.AeTitle,
            PresentationContexts = [new PresentationContextRequest(1, CFindRequest.StudyRootSopClassUid, ["1.2.840.10008.1.2"])],
            ExtendedNegotiation = negotiate ? [new SopClassExtendedNegotiation(CFindRequest.StudyRootSopClassUid, ask)] : [],
            ResponseTimeout = TimeSpan.FromSeconds(20),
        };
        var identifier = new DicomDataset();
        identifier.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, "STUDY");
        identifier.SetString(DicomTags.StudyDate, DicomVR.DA, date);
        identifier.SetString(DicomTags.StudyTime, DicomVR.TM, time);
        identifier.Set(new DicomValueElement(DicomTags.StudyInstanceUID, DicomVR.UI, ReadOnlyMemory<byte>.Empty));
        var studies = new List<string>();
        await using var association = await DicomClientAssociation.OpenAsync("127.0.0.1", archive.Server.Server.Port, request);
        var final = await association.FindAsync(CFindRequest.StudyRootSopClassUid, identifier, m => studies.Add(m.GetString(DicomTags.StudyInstanceUID)!));
        await association.ReleaseAsync();
        Assert.Equal(CFindStatus.Success, final.Status);
        var agreed = association.Association.PeerUserInformation.Other
            .Select(SopClassExtendedNegotiation.From)
            .Any(e => e is { SopClassUid: CFindRequest.StudyRootSopClassUid, ApplicationInformation.Length: >= 2 } && e.ApplicationInformation.Span[1] == 1);
        return (agreed, [.. studies.Order(StringComparer.Ordinal)]);
    }

    private async Task<List<string>> Values(string model, DicomTag tag, params string[] keys)
    {
        var (result, responses) = await archive.FindAsync(model, keys);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Final Find Response (Success)", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
        return [.. responses.Select(r => r.GetString(tag) ?? "").Order(StringComparer.Ordinal)];
    }
}
