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
    public async Task Patient_root_responses_carry_the_unique_keys_above_the_level_and_requested_keys_even_when_absent()
    {
        var (result, responses) = await archive.FindAsync(PatientRoot, "QueryRetrieveLevel=SERIES", "PatientID=P2", $"StudyInstanceUID={FindArchive.Study("3")}", "AccessionNumber");

        var response = Assert.Single(responses);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("P2", response.GetString(DicomTags.PatientID));
        Assert.Equal(FindArchive.Study("3"), response.GetString(DicomTags.StudyInstanceUID));
        Assert.Equal(FindArchive.Series("3.1"), response.GetString(DicomTags.SeriesInstanceUID));
        Assert.Equal("SERIES", response.GetString(DicomTags.QueryRetrieveLevel));
        Assert.True(response.Contains(DicomTags.AccessionNumber));
        Assert.Equal("", response.GetString(DicomTags.AccessionNumber));
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

    private async Task<List<string>> Values(string model, DicomTag tag, params string[] keys)
    {
        var (result, responses) = await archive.FindAsync(model, keys);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Final Find Response (Success)", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
        return [.. responses.Select(r => r.GetString(tag) ?? "").Order(StringComparer.Ordinal)];
    }
}
