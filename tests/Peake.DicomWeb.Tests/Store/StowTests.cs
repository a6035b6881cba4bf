using System.Text.Json;
using Peake.DicomWeb.Tests.Infrastructure;
using Multipart = Peake.Testing.Multipart;

namespace Peake.DicomWeb.Tests.Store;

public sealed class StowTests
{
    private const string Root = "1.2.826.0.1.3680043.10.999.7";

    [Fact]
    public async Task Should_store_posted_instances_and_find_them_with_qido()
    {
        await using var archive = await SampleArchive.StartAsync();
        using var files = new TempFolder();
        var a = TestInstances.Write(files.Path, "NEW^PATIENT", "P7", Root, Root + ".1", Root + ".1.1", "US", "20240102");
        var b = TestInstances.Write(files.Path, "NEW^PATIENT", "P7", Root, Root + ".1", Root + ".1.2", "US", "20240102");
        var body = files.Write("body", Multipart.Build("XX", ("application/dicom", File.ReadAllBytes(a)), ("application/dicom", File.ReadAllBytes(b))));

        var stored = await Curl.RunAsync(archive.Url("/studies"), "application/dicom+json", contentType: "multipart/related; type=\"application/dicom\"; boundary=XX", bodyFile: body);
        var found = await Curl.RunAsync(archive.Url("/studies?PatientID=P7"), "application/dicom+json");

        Assert.Equal(200, stored.Status);
        var module = JsonDocument.Parse(stored.Text).RootElement;
        Assert.Equal($"{archive.Host.BaseUrl}/studies/{Root}", module.GetProperty("00081190").GetProperty("Value")[0].GetString());
        var referenced = module.GetProperty("00081199").GetProperty("Value");
        Assert.Equal(2, referenced.GetArrayLength());
        Assert.Equal(TestInstances.CtImageStorage, referenced[0].GetProperty("00081150").GetProperty("Value")[0].GetString());
        Assert.False(module.TryGetProperty("00081198", out _));
        var study = Assert.Single(JsonDocument.Parse(found.Text).RootElement.EnumerateArray());
        Assert.Equal(2, study.GetProperty("00201208").GetProperty("Value")[0].GetInt32());
        Assert.Equal([DicomWebHost.Hospital, DicomWebHost.Hospital], archive.Host.Archive.StoredBy);
    }

    [Fact]
    public async Task Given_a_request_of_three_parts_When_stored_Then_they_go_through_one_stow_request_ended_before_the_response()
    {
        await using var archive = await SampleArchive.StartAsync();
        using var files = new TempFolder();
        var parts = Enumerable.Range(1, 3)
            .Select(n => ("application/dicom", File.ReadAllBytes(TestInstances.Write(files.Path, "ONE^REQUEST", "P8", Root + ".8", Root + ".8.1", $"{Root}.8.1.{n}", "US", "20240102"))))
            .ToArray();
        var body = files.Write("body", Multipart.Build("XX", parts));

        var stored = await Curl.RunAsync(archive.Url("/studies"), "application/dicom+json", contentType: "multipart/related; type=\"application/dicom\"; boundary=XX", bodyFile: body);

        Assert.Equal(200, stored.Status);
        Assert.Equal(3, archive.Host.Archive.StoredThroughRequest.Count);
        Assert.Single(archive.Host.Archive.StoredThroughRequest.Distinct());
        Assert.Equal(0, archive.Host.Archive.OpenStowRequests);
    }

    [Fact]
    public async Task Should_answer_409_with_failure_reason_when_no_part_belongs_to_the_path_study()
    {
        await using var archive = await SampleArchive.StartAsync();
        using var files = new TempFolder();
        var a = TestInstances.Write(files.Path, "NEW^PATIENT", "P8", Root + "8", Root + "8.1", Root + "8.1.1", "US", "20240102");
        var body = files.Write("body", Multipart.Build("b-1", ("application/dicom", File.ReadAllBytes(a))));

        var response = await Curl.RunAsync(archive.Url($"/studies/{SampleArchive.Study1}"), null, contentType: "multipart/related; type=\"application/dicom\"; boundary=\"b-1\"", bodyFile: body);

        Assert.Equal(409, response.Status);
        var failed = JsonDocument.Parse(response.Text).RootElement.GetProperty("00081198").GetProperty("Value")[0];
        Assert.Equal(0xC000, failed.GetProperty("00081197").GetProperty("Value")[0].GetInt32());
        Assert.Equal(Root + "8.1.1", failed.GetProperty("00081155").GetProperty("Value")[0].GetString());
        Assert.Contains("not " + SampleArchive.Study1, response.Header("Warning"));
    }

    [Fact]
    public async Task Should_answer_202_when_some_parts_fail()
    {
        await using var archive = await SampleArchive.StartAsync();
        using var files = new TempFolder();
        var good = TestInstances.Write(files.Path, "NEW^PATIENT", "P9", Root + "9", Root + "9.1", Root + "9.1.1", "US", "20240102");
        var body = files.Write("body", Multipart.Build("XX", ("application/dicom", File.ReadAllBytes(good)), ("application/dicom", "not dicom at all"u8.ToArray())));

        var response = await Curl.RunAsync(archive.Url("/studies"), null, contentType: "multipart/related; type=\"application/dicom\"; boundary=XX", bodyFile: body);

        Assert.Equal(202, response.Status);
        var module = JsonDocument.Parse(response.Text).RootElement;
        Assert.Equal(1, module.GetProperty("00081199").GetProperty("Value").GetArrayLength());
        Assert.Equal(0xC000, module.GetProperty("00081198").GetProperty("Value")[0].GetProperty("00081197").GetProperty("Value")[0].GetInt32());
    }

    [Theory]
    [InlineData("application/dicom", 415, "STOW-RS takes multipart/related")]
    [InlineData("multipart/related; type=\"application/dicom+json\"; boundary=XX", 415, "JSON with bulk data is not supported")]
    [InlineData("multipart/related; type=\"application/dicom\"", 400, "no multipart boundary")]
    [InlineData("multipart/related; type=\"application/dicom\"; boundary=OTHER", 400, "unreadable multipart body")]
    public async Task Should_refuse_a_malformed_store_request(string contentType, int status, string reason)
    {
        await using var archive = await SampleArchive.StartAsync();
        using var files = new TempFolder();
        var body = files.Write("body", Multipart.Build("XX", ("application/dicom", File.ReadAllBytes(archive.Paths[SampleArchive.Sop2A1]))));

        var response = await Curl.RunAsync(archive.Url("/studies"), null, contentType: contentType, bodyFile: body);

        Assert.Equal(status, response.Status);
        Assert.Contains(reason, response.Header("Warning"));
    }

    [Fact]
    public async Task Should_refuse_a_part_over_the_size_limit_with_413_and_store_nothing()
    {
        await using var archive = await SampleArchive.StartAsync(new DicomWebOptions { MaxStowPartBytes = 256 });
        using var files = new TempFolder();
        var big = TestInstances.Write(files.Path, "BIG^ONE", "P6", Root + "6", Root + "6.1", Root + "6.1.1", "US", "20240102");
        var body = files.Write("body", Multipart.Build("XX", ("application/dicom", File.ReadAllBytes(big))));

        var response = await Curl.RunAsync(archive.Url("/studies"), null, contentType: "multipart/related; type=\"application/dicom\"; boundary=XX", bodyFile: body);
        var found = await Curl.RunAsync(archive.Url("/studies?PatientID=P6"), "application/dicom+json");

        Assert.Equal(413, response.Status);
        Assert.Contains("larger than the 256 bytes", response.Header("Warning"));
        Assert.Equal("[]", found.Text);
    }
}
