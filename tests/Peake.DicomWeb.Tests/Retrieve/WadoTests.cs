using System.Text.Json;
using Peake.Dicom;
using Peake.DicomWeb.Tests.Infrastructure;
using Multipart = Peake.Testing.Multipart;

namespace Peake.DicomWeb.Tests.Retrieve;

public sealed class WadoTests
{
    private const string DicomParts = "multipart/related; type=\"application/dicom\"";

    [Fact]
    public async Task Should_return_every_instance_of_a_study_byte_identical_as_stored_and_record_the_retrieval()
    {
        await using var archive = await SampleArchive.StartAsync();

        var response = await Curl.RunAsync(archive.Url($"/studies/{SampleArchive.Study1}"), DicomParts + "; transfer-syntax=*");

        Assert.Equal(200, response.Status);
        var parts = Multipart.Split(response.Body, Multipart.BoundaryOf(response.Header("Content-Type")!));
        Assert.Equal(3, parts.Count);
        var expected = new[] { SampleArchive.Sop1A1, SampleArchive.Sop1A2, SampleArchive.Sop1B1 }.Select(s => File.ReadAllBytes(archive.Paths[s])).ToList();
        Assert.All(expected, bytes => Assert.Contains(parts, p => p.Body.AsSpan().SequenceEqual(bytes)));
        Assert.Contains(parts, p => p.ContentType == "application/dicom; transfer-syntax=1.2.840.10008.1.2");
        Assert.Contains((SampleArchive.Study1, DicomWebHost.Hospital, "wado-rs/instances"), archive.Host.Retrievals);
    }

    [Fact]
    public async Task Should_send_an_implicit_vr_instance_as_explicit_vr_little_endian_by_default()
    {
        await using var archive = await SampleArchive.StartAsync();

        var response = await Curl.RunAsync(archive.Url($"/studies/{SampleArchive.Study1}/series/{SampleArchive.Series1B}/instances/{SampleArchive.Sop1B1}"), DicomParts);

        var part = Assert.Single(Multipart.Split(response.Body, Multipart.BoundaryOf(response.Header("Content-Type")!)));
        Assert.Equal("application/dicom; transfer-syntax=1.2.840.10008.1.2.1", part.ContentType);
        var file = DicomFile.Read(new MemoryStream(part.Body));
        Assert.Equal(DicomTransferSyntax.ExplicitVRLittleEndian, file.TransferSyntax);
        Assert.Equal(SampleArchive.Sop1B1, file.Dataset.GetString(DicomTags.SOPInstanceUID));
        Assert.Equal(TestInstances.PixelBytes(SampleArchive.Sop1B1), ((DicomValueElement)file.Dataset[DicomTags.PixelData]!).Bytes.ToArray());
    }

    [Fact]
    public async Task Should_answer_metadata_as_dicom_json_with_bulk_data_uris_that_resolve()
    {
        // The sample pixel data is 64 bytes: a lower threshold makes it bulk data, as real images are.
        await using var archive = await SampleArchive.StartAsync(new DicomWebOptions { BulkDataThreshold = 32 });

        var response = await Curl.RunAsync(archive.Url($"/studies/{SampleArchive.Study1}/series/{SampleArchive.Series1A}/metadata"), "application/dicom+json");

        Assert.Equal(200, response.Status);
        var instances = JsonDocument.Parse(response.Text).RootElement;
        Assert.Equal(2, instances.GetArrayLength());
        var first = instances[0];
        Assert.Equal("OW", first.GetProperty("7FE00010").GetProperty("vr").GetString());
        Assert.Equal("ISO_IR 192", first.GetProperty("00080005").GetProperty("Value")[0].GetString());
        Assert.Equal("SQ", first.GetProperty("00400275").GetProperty("vr").GetString());
        var sop = first.GetProperty("00080018").GetProperty("Value")[0].GetString()!;
        var pixels = archive.Url($"/studies/{SampleArchive.Study1}/series/{SampleArchive.Series1A}/instances/{sop}/bulk/7FE00010");
        Assert.Equal(pixels, first.GetProperty("7FE00010").GetProperty("BulkDataURI").GetString());

        var bulk = await Curl.RunAsync(pixels, "multipart/related; type=\"application/octet-stream\"");
        var part = Assert.Single(Multipart.Split(bulk.Body, Multipart.BoundaryOf(bulk.Header("Content-Type")!)));
        Assert.Equal(TestInstances.PixelBytes(sop), part.Body);
        Assert.Contains((SampleArchive.Study1, DicomWebHost.Hospital, "wado-rs/metadata"), archive.Host.Retrievals);
    }

    [Fact]
    public async Task Should_return_the_requested_frames_in_order()
    {
        await using var archive = await SampleArchive.StartAsync();
        var instance = $"/studies/{SampleArchive.Study2}/series/{SampleArchive.Series2A}/instances/{SampleArchive.Sop2A1}";

        var response = await Curl.RunAsync(archive.Url(instance + "/frames/2,1"), "multipart/related; type=\"application/octet-stream\"");

        Assert.Equal(200, response.Status);
        var parts = Multipart.Split(response.Body, Multipart.BoundaryOf(response.Header("Content-Type")!));
        var pixels = TestInstances.PixelBytes(SampleArchive.Sop2A1);
        Assert.Equal(pixels[TestInstances.FrameBytes..], parts[0].Body);
        Assert.Equal(pixels[..TestInstances.FrameBytes], parts[1].Body);
        Assert.Equal("application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1", parts[0].ContentType);
    }

    [Theory]
    [InlineData("/frames/0", null, 400, "frame number '0'")]
    [InlineData("/frames/a", null, 400, "frame number 'a'")]
    [InlineData("/frames/3", null, 400, "frame 3 does not exist")]
    [InlineData("", "image/jpeg", 406, "multipart/related")]
    [InlineData("", DicomParts + "; transfer-syntax=1.2.840.10008.1.2.4.50", 406, "cannot be sent as transfer-syntax=1.2.840.10008.1.2.4.50")]
    public async Task Should_refuse_what_cannot_be_served_with_its_status_and_reason(string suffix, string? accept, int status, string reason)
    {
        await using var archive = await SampleArchive.StartAsync();

        var response = await Curl.RunAsync(
            archive.Url($"/studies/{SampleArchive.Study2}/series/{SampleArchive.Series2A}/instances/{SampleArchive.Sop2A1}{suffix}"), accept);

        Assert.Equal(status, response.Status);
        Assert.Contains(reason, response.Header("Warning"));
    }

    [Fact]
    public async Task Should_answer_404_for_an_unknown_study_and_400_for_a_malformed_uid()
    {
        await using var archive = await SampleArchive.StartAsync();

        var unknown = await Curl.RunAsync(archive.Url("/studies/1.2.3.4.5"), DicomParts);
        var malformed = await Curl.RunAsync(archive.Url("/studies/1.2.abc/metadata"), "application/dicom+json");

        Assert.Equal(404, unknown.Status);
        Assert.Contains("no study 1.2.3.4.5", unknown.Header("Warning"));
        Assert.Equal(400, malformed.Status);
        Assert.Empty(archive.Host.Retrievals);
    }

    [Fact]
    public async Task Should_leave_out_an_unreadable_first_instance_with_a_warning()
    {
        await using var archive = await SampleArchive.StartAsync();
        archive.Host.Archive.Unreadable.Add(SampleArchive.Sop1A1);

        var response = await Curl.RunAsync(archive.Url($"/studies/{SampleArchive.Study1}"), DicomParts + "; transfer-syntax=*");

        Assert.Equal(200, response.Status);
        Assert.Equal(2, Multipart.Split(response.Body, Multipart.BoundaryOf(response.Header("Content-Type")!)).Count);
        Assert.Contains(SampleArchive.Sop1A1, response.Header("Warning"));
    }

    [Fact]
    public async Task Should_abort_rather_than_send_a_short_study_when_a_later_copy_is_unreadable()
    {
        await using var archive = await SampleArchive.StartAsync();
        archive.Host.Archive.Unreadable.Add(SampleArchive.Sop1B1);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, archive.Url($"/studies/{SampleArchive.Study1}"));
        request.Headers.Add("X-Peake-Hospital", DicomWebHost.Hospital);

        // The headers may or may not have reached the client before the reset; a complete 200 body must never arrive.
        var failure = await Record.ExceptionAsync(async () =>
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            await response.Content.ReadAsByteArrayAsync();
        });

        Assert.IsType<HttpRequestException>(failure, exactMatch: false);
    }
}
