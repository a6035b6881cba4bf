using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Server;

/// <summary>dcmtk's getscu against our SCP's C-GET (PS3.4 C.4.3): the matches come back as C-STORE sub-operations.</summary>
public sealed class GetTests(RetrieveArchive archive) : IClassFixture<RetrieveArchive>
{
    [Fact]
    public async Task Study_level_get_brings_back_every_instance_of_the_study_byte_identical()
    {
        var (result, files) = await archive.GetAsync("-S", "QueryRetrieveLevel=STUDY", $"StudyInstanceUID={RetrieveArchive.Study("1")}");

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertRetrieved(files, RetrieveArchive.Sop("1.1.1"), RetrieveArchive.Sop("1.1.2"), RetrieveArchive.Sop("1.2.1"));
    }

    [Fact]
    public async Task Series_level_get_in_patient_root_brings_back_only_that_series()
    {
        var (result, files) = await archive.GetAsync(
            "-P", "QueryRetrieveLevel=SERIES", "PatientID=P1", $"StudyInstanceUID={RetrieveArchive.Study("2")}", $"SeriesInstanceUID={RetrieveArchive.Series("2.1")}");

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertRetrieved(files, RetrieveArchive.Sop("2.1.1"), RetrieveArchive.Sop("2.1.2"));
    }

    [Fact]
    public async Task Get_matching_nothing_succeeds_with_no_sub_operations()
    {
        var (result, files) = await archive.GetAsync("-S", "QueryRetrieveLevel=STUDY", $"StudyInstanceUID={RetrieveArchive.Root}.1.99");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(files);
    }

    [Fact]
    public async Task Get_without_the_SCP_role_granted_sends_nothing_and_answers_A702()
    {
        IReadOnlyList<string> plain = ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2"];
        await using var server = TestServer.Start(
            syntaxes: new Dictionary<string, IReadOnlyList<string>>
            {
                [RetrieveArchive.SecondaryCapture] = plain,
                [CGetRequest.StudyRootSopClassUid] = plain,
            },
            answerFind: true);
        var source = archive.Sources[RetrieveArchive.Sop("1.1.1")];
        var stored = await PeerProcess.RunAsync("storescu", ["-aec", TestServer.AeTitle, "-to", "10", "-ta", "10", "-td", "10", "127.0.0.1", server.Port, source], TimeSpan.FromSeconds(60));
        Assert.True(stored.ExitCode == 0, stored.ToString());
        var output = Path.Combine(Path.GetTempPath(), "peake-get-norole-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(output);
        try
        {
            var result = await PeerProcess.RunAsync(
                "getscu",
                ["-v", "-S", "-aec", TestServer.AeTitle, "-to", "10", "-ta", "10", "-td", "10", "-od", output,
                 "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={RetrieveArchive.Study("1")}", "127.0.0.1", server.Port],
                TimeSpan.FromSeconds(60));

            // A702H is dcmtk's "Refused: OutOfResourcesSubOperations"; the one match counts as failed.
            var log = result.StandardError + result.StandardOutput;
            Assert.Contains("C-GET Response (Refused: OutOfResourcesSubOperations)", log, StringComparison.Ordinal);
            Assert.Contains("Number of Failed Suboperations    : 1", log, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(output));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public async Task An_instance_stored_implicit_comes_back_converted_to_the_explicit_context_getscu_proposes_first()
    {
        var sop = RetrieveArchive.Sop("4.1.1");
        var stored = Path.Combine(archive.Server.Directory, sop + ".dcm");
        Assert.Equal(Implicit, Part10.TransferSyntax(stored));

        var (result, files) = await archive.GetAsync("-S", "QueryRetrieveLevel=STUDY", $"StudyInstanceUID={RetrieveArchive.Study(RetrieveArchive.ImplicitStudy)}");

        Assert.True(result.ExitCode == 0, result.ToString());
        var received = Assert.Single(files);
        Assert.Equal(Explicit, Part10.TransferSyntax(received));
        AssertSameValues(archive.Sources[sop], received);
    }

    [Fact]
    public async Task A_compressed_instance_without_a_context_in_its_syntax_fails_its_sub_operation()
    {
        var (result, files) = await archive.GetAsync("-S", "QueryRetrieveLevel=STUDY", $"StudyInstanceUID={RetrieveArchive.Study(RetrieveArchive.CompressedStudy)}");

        var log = result.StandardError + result.StandardOutput;
        Assert.Contains("C-GET Response (Refused: OutOfResourcesSubOperations)", log, StringComparison.Ordinal);
        Assert.Contains("Number of Failed Suboperations    : 1", log, StringComparison.Ordinal);
        Assert.Empty(files);
    }

    [Theory]
    [InlineData("-S", "PatientID=P1")]
    [InlineData("-S", "PatientName")]
    [InlineData("-P", "StudyDate=20200101")]
    public async Task A_get_identifier_with_a_key_that_is_not_unique_is_refused_with_A900(string model, string key)
    {
        string[] keys = model == "-P"
            ? ["QueryRetrieveLevel=STUDY", "PatientID=P1", $"StudyInstanceUID={RetrieveArchive.Study("1")}", key]
            : ["QueryRetrieveLevel=STUDY", $"StudyInstanceUID={RetrieveArchive.Study("1")}", key];

        var (result, files) = await archive.GetAsync(model, keys);

        Assert.Contains("C-GET Response (Error: DataSetDoesNotMatchSOPClass)", result.StandardError + result.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(files);
    }

    [Fact]
    public async Task A_get_identifier_missing_a_unique_key_of_a_level_above_is_refused_with_A900()
    {
        // Patient Root SERIES: Patient ID and Study Instance UID must name the series' parents.
        var (result, files) = await archive.GetAsync("-P", "QueryRetrieveLevel=SERIES", $"SeriesInstanceUID={RetrieveArchive.Series("1.1")}");

        Assert.Contains("C-GET Response (Error: DataSetDoesNotMatchSOPClass)", result.StandardError + result.StandardOutput, StringComparison.Ordinal);
        Assert.Empty(files);
    }

    /// <summary>Same elements with the same value bytes (little endian both); VRs may differ where implicit VR left a private one UN.</summary>
    internal static void AssertSameValues(string source, string received) => AssertSameValues(source, DicomFile.Open(received).Dataset);

    internal static void AssertSameValues(string source, DicomDataset actual)
    {
        var expected = DicomFile.Open(source).Dataset;
        Assert.Equal(expected.Select(e => e.Tag), actual.Select(e => e.Tag));
        foreach (var element in expected.OfType<DicomValueElement>())
        {
            Assert.Equal(element.Bytes.ToArray(), ((DicomValueElement)actual[element.Tag]!).Bytes.ToArray());
        }
    }

    private const string Explicit = "1.2.840.10008.1.2.1";

    private const string Implicit = "1.2.840.10008.1.2";

    private void AssertRetrieved(string[] files, params string[] sops)
    {
        var bySop = files.ToDictionary(Part10.SopInstanceUid, f => f);
        Assert.Equal(sops.Order(StringComparer.Ordinal), bySop.Keys.Order(StringComparer.Ordinal));
        foreach (var sop in sops)
        {
            Assert.Equal(Part10.DataSetBytes(archive.Sources[sop]), Part10.DataSetBytes(bySop[sop]));
        }
    }
}
