using System.Text.Json;
using Peake.Node.Tests.Replication;
using Xunit.Abstractions;

namespace Peake.Node.Tests.QueryRetrieve;

/// <summary>
/// Issue 6's acceptance over DICOMweb (PS3.18) on the six-site archive: the query corpus stored at site A read through
/// another site's node by a client no one here wrote (the npm dicomweb-client: QIDO-RS, WADO-RS metadata and instances,
/// STOW-RS), and by curl at a third node, which finds and retrieves what the client stored.
/// </summary>
[Trait("Category", "Process")]
[Collection(ArchiveCollection.Name)]
public sealed class DicomWebClusterTests(ArchiveFixture fixture, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    private readonly ArchiveCluster _cluster = fixture.Cluster;
    private readonly string _work = fixture.Cluster.Folder($"web-tests-{Guid.NewGuid():N}");

    [Fact]
    public async Task Given_a_study_stored_at_site_A_When_the_npm_dicomweb_client_reads_it_at_site_C_and_stores_another_Then_curl_at_site_D_finds_and_retrieves_that_one_byte_identical()
    {
        var corpus = await QrArchive.CorpusAsync(fixture);
        var study = corpus.Studies[0];
        var client = _cluster["south"];
        var clientHospital = Hospitals.Of("south")[0];
        var stow = Corpus.Generate(Directory.CreateDirectory(Path.Combine(_work, "stow")).FullName, [clientHospital], 1, 1, 1, 1)[0];
        var retrieved = Directory.CreateDirectory(Path.Combine(_work, "wado")).FullName;

        var line = await NodeClient.RunScriptAsync("study.js", Base(client), clientHospital, study.Uid, retrieved, stow.Path);
        output.WriteLine(line);

        var seen = JsonDocument.Parse(line).RootElement;
        Assert.Equal(1, seen.GetProperty("studies").GetInt32());
        // QIDO answers in UTF-8 JSON whatever the stored character set (Latin-1 here).
        Assert.Equal(QrCorpus.LatinName, seen.GetProperty("patientName").GetProperty("Alphabetic").GetString());
        Assert.Equal("CT study of 20240115", seen.GetProperty("description").GetString());
        Assert.Equal(2, seen.GetProperty("series").GetInt32());
        Assert.Equal(study.Instances.Count, seen.GetProperty("instances").GetInt32());
        Assert.Equal(study.Instances.Count, seen.GetProperty("metadataInstances").GetInt32());
        QrTools.AssertSameDataSets(study.Instances, Directory.GetFiles(retrieved));
        Assert.True(seen.GetProperty("stored").GetBoolean(), line);

        // What the client stored at site C: found and retrieved at site D once the read model has it.
        var other = _cluster["northwest"];
        var otherHospital = Hospitals.Of("northwest")[0];
        var found = await Eventually.Until(
            () => Curl.RunAsync($"{Base(other)}/studies?StudyInstanceUID={stow.StudyUid}", otherHospital, "application/dicom+json"),
            r => r.Status == 200 && JsonDocument.Parse(r.Text).RootElement.GetArrayLength() == 1, Settle, "QIDO at another site finds the stored study");
        Assert.Equal(stow.PatientId, JsonDocument.Parse(found.Text).RootElement[0].GetProperty("00100020").GetProperty("Value")[0].GetString());
        var wado = await Curl.RunAsync($"{Base(other)}/studies/{stow.StudyUid}/series/{stow.SeriesUid}/instances/{stow.SopInstanceUid}",
            otherHospital, "multipart/related; type=\"application/dicom\"");
        Assert.Equal(200, wado.Status);
        var part = Assert.Single(Multipart.Split(wado.Body, Multipart.BoundaryOf(wado.Header("Content-Type")!)));
        Assert.StartsWith("application/dicom", part.ContentType, StringComparison.Ordinal);
        Assert.True(BlobFiles.DataSet(part.Body).SequenceEqual(BlobFiles.DataSet(File.ReadAllBytes(stow.Path))), "the WADO-RS instance differs from the one stored");
    }

    [Theory]
    [InlineData("studies?StudyDate=20241345", "StudyDate")]
    [InlineData("studies?StudyDate=2024-01-01", "StudyDate")]
    [InlineData("studies?NoSuchAttribute=1", "NoSuchAttribute")]
    [InlineData("studies?limit=-1", "limit")]
    [InlineData("studies?offset=x", "offset")]
    [InlineData("studies?StudyInstanceUID=1.2.abc", "StudyInstanceUID")]
    [InlineData("studies?includefield=all&includefield=00081030", "includefield")]
    [InlineData("studies/1.2.abc/series", "1.2.abc")]
    public async Task Given_the_archive_When_a_DICOMweb_query_is_malformed_Then_it_gets_400_with_the_reason_and_the_node_still_answers(string query, string named)
    {
        var node = _cluster["central"];
        var hospital = Hospitals.Of("central")[0];

        var bad = await Curl.RunAsync($"{Base(node)}/{query}", hospital, "application/dicom+json");
        var good = await Curl.RunAsync($"{Base(node)}/studies?PatientID=NOBODY", hospital, "application/dicom+json");

        Assert.Equal(400, bad.Status);
        Assert.Contains(named, bad.Text, StringComparison.Ordinal);
        Assert.True(good.Status is 200 or 204, $"{good.Status} {good.Text}");
    }

    [Theory]
    [InlineData("multipart/related; type=\"application/dicom\"; boundary=b1", "--b1\r\nContent-Type: application/dicom\r\n\r\nnot a DICOM file\r\n--b1--\r\n", 409)]
    [InlineData("multipart/related; type=\"application/dicom\"", "--b1\r\nContent-Type: application/dicom\r\n\r\nx\r\n--b1--\r\n", 400)]
    [InlineData("application/json", "{}", 415)]
    public async Task Given_the_archive_When_a_STOW_RS_body_is_malformed_Then_it_is_refused_and_the_node_still_answers(string contentType, string body, int status)
    {
        var node = _cluster["central"];
        var hospital = Hospitals.Of("central")[0];
        var file = Path.Combine(_work, $"body-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(file, body);

        var response = await Curl.RunAsync($"{Base(node)}/studies", hospital, "application/dicom+json", contentType, file);
        var good = await Curl.RunAsync($"{Base(node)}/studies?PatientID=NOBODY", hospital, "application/dicom+json");

        Assert.True(response.Status == status, $"{response.Status} {response.Text}");
        Assert.True(good.Status is 200 or 204, $"{good.Status} {good.Text}");
    }

    private static string Base(ArchiveNode node) => $"{node.HttpBase.ToString().TrimEnd('/')}/dicomweb";

    public void Dispose() => output.WriteLine(_cluster.Tails());
}
