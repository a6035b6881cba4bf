using System.Security.Cryptography;
using System.Text.Json;
using Peake.DicomWeb.Tests.Infrastructure;
using Peake.Testing;

namespace Peake.DicomWeb.Tests.Client;

/// <summary>The npm dicomweb-client against the routes: what a web viewer does, with the requests it really sends.</summary>
[Trait("Category", "Interop")]
public sealed class DicomwebClientTests
{
    [Fact]
    public async Task Should_store_search_and_retrieve_byte_identical_with_the_npm_dicomweb_client()
    {
        await using var archive = await SampleArchive.StartAsync();
        using var files = new TempFolder();
        const string study = "1.2.826.0.1.3680043.10.999.5";
        var file = TestInstances.Write(files.Path, "WEB^CLIENT", "P5", study, study + ".1", study + ".1.1", "DX", "20230405");

        var line = await NodeClient.RunScriptAsync("smoke.js", archive.Host.BaseUrl, DicomWebHost.Hospital, file, "P5");

        var seen = JsonDocument.Parse(line).RootElement;
        Assert.True(seen.GetProperty("stored").GetBoolean(), line);
        Assert.Equal(1, seen.GetProperty("studies").GetInt32());
        Assert.Equal(study, seen.GetProperty("study").GetString());
        Assert.Equal("WEB^CLIENT", seen.GetProperty("patientName").GetProperty("Alphabetic").GetString());
        Assert.Equal(1, seen.GetProperty("series").GetInt32());
        Assert.Equal(1, seen.GetProperty("instances").GetInt32());
        Assert.Equal(study + ".1.1", seen.GetProperty("metadataSop").GetString());
        var bytes = File.ReadAllBytes(file);
        Assert.Equal(bytes.Length, seen.GetProperty("retrievedLength").GetInt32());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), seen.GetProperty("retrievedSha256").GetString());
        Assert.Equal(404, seen.GetProperty("missingStatus").GetInt32());
        Assert.Contains((study, DicomWebHost.Hospital, "wado-rs/instances"), archive.Host.Retrievals);
    }
}
