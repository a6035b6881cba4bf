using Peake.Node.Tests.Replication;
using Xunit.Abstractions;
using static Peake.Node.Tests.QueryRetrieve.QrTools;

namespace Peake.Node.Tests.QueryRetrieve;

/// <summary>
/// Issue 6's acceptance for bad DIMSE queries at a cluster node: each gets its failure status (findscu, getscu and
/// movescu name it), no match, and the node goes on answering.
/// </summary>
[Trait("Category", "Process")]
[Collection(ArchiveCollection.Name)]
public sealed class MalformedQueryTests(ArchiveFixture fixture, ITestOutputHelper output)
{
    private const string Hospital = QrArchive.ReadingHospital;

    private readonly ArchiveCluster _cluster = fixture.Cluster;
    private readonly string _work = fixture.Cluster.Folder($"bad-queries-{Guid.NewGuid():N}");

    // findscu names C000H "Failed: UnableToProcess" and A900H "Error: DataSetDoesNotMatchSOPClass".
    [Theory]
    [InlineData("STUDY", "StudyDate=20241345", "Failed: UnableToProcess")]
    [InlineData("STUDY", "StudyDate=2024-01-01", "Failed: UnableToProcess")]
    [InlineData("STUDY", "StudyDate=20240101-20230101-20220101", "Failed: UnableToProcess")]
    [InlineData("STUDY", "StudyInstanceUID=1.2.abc", "Failed: UnableToProcess")]
    [InlineData("STUDY", "StudyInstanceUID=1.02.3", "Failed: UnableToProcess")]
    [InlineData("WARD", "PatientID=X", "Failed: UnableToProcess")]
    [InlineData("PATIENT", "PatientID=X", "Error: DataSetDoesNotMatchSOPClass")]
    [InlineData("STUDY", "SOPInstanceUID", "Error: DataSetDoesNotMatchSOPClass")]
    public async Task Given_a_malformed_C_FIND_identifier_When_findscu_sends_it_Then_it_gets_the_failure_status_and_no_match(string level, string key, string findscuSays)
    {
        var (result, responses) = await FindAsync(QrArchive.Reader(_cluster), Hospital, _work, StudyRoot, $"QueryRetrieveLevel={level}", key);

        Assert.Empty(responses);
        Assert.True(Said(result).Contains($"Final Find Response ({findscuSays})", StringComparison.Ordinal), Said(result));
        await AssertStillAnsweringAsync();
    }

    [Fact]
    public async Task Given_a_key_longer_than_its_VR_allows_When_findscu_sends_it_Then_it_gets_a_failure_status_and_no_match()
    {
        // LO holds at most 64 characters (PS3.5 6.2).
        var (result, responses) = await FindAsync(QrArchive.Reader(_cluster), Hospital, _work, StudyRoot, "QueryRetrieveLevel=STUDY", $"PatientID={new string('A', 65)}");

        Assert.Empty(responses);
        Assert.Matches(@"Final Find Response \((Failed|Error): ", Said(result));
        await AssertStillAnsweringAsync();
    }

    [Fact]
    public async Task Given_a_retrieve_identifier_without_its_unique_key_When_getscu_and_movescu_send_it_Then_each_is_refused_and_nothing_is_sent()
    {
        var node = QrArchive.Reader(_cluster);
        var folder = Directory.CreateDirectory(Path.Combine(_work, "got")).FullName;

        var get = await Dcmtk.RunAsync("getscu",
            ["-v", StudyRoot, "-aet", Hospital, "-aec", node.AeTitle, "-od", folder, "-k", "QueryRetrieveLevel=STUDY", "-k", "PatientID=X", node.Ip, $"{node.DicomPort}"], TimeSpan.FromSeconds(60));
        var move = await MoveAsync(node, Hospital, ArchiveFixture.PacsHospital, "QueryRetrieveLevel=SERIES", "StudyInstanceUID=1.2.3");

        output.WriteLine(Said(get));
        output.WriteLine(Said(move));
        Assert.Empty(Directory.GetFiles(folder));
        Assert.Contains("DataSetDoesNotMatchSOPClass", Said(get), StringComparison.Ordinal);
        Assert.Contains("DataSetDoesNotMatchSOPClass", Said(move), StringComparison.Ordinal);
        await AssertStillAnsweringAsync();
    }

    /// <summary>The node survived: it answers C-ECHO and a good query.</summary>
    private async Task AssertStillAnsweringAsync()
    {
        var node = QrArchive.Reader(_cluster);
        var echo = await Dcmtk.RunAsync("echoscu", ["-aet", Hospital, "-aec", node.AeTitle, node.Ip, $"{node.DicomPort}"], TimeSpan.FromSeconds(20));
        Assert.True(echo.ExitCode == 0, echo.ToString());
        await ValuesAsync(node, Hospital, _work, Peake.Dicom.DicomTags.PatientID, StudyRoot, "QueryRetrieveLevel=STUDY", "PatientID=NOBODY");
    }
}
