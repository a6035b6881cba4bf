using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Peake.Dicom.Network.Tests.Cli;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Interop;

/// <summary>
/// Storage Commitment Push Model (PS3.4 J.3) with Orthanc (the Debian package), both ways. Orthanc reports on an
/// association of its own ("responses are sent asynchronously"), so each side must know the other's address.
/// </summary>
[Trait("Category", "Interop")]
public sealed class OrthancCommitmentTests
{
    private const string SecondaryCapture = "1.2.840.10008.5.1.4.1.1.7";

    [Fact]
    public async Task Peake_dicom_commit_with_listen_gets_orthancs_report_committed_and_unknown_failed()
    {
        var work = NewFolder();
        try
        {
            var stored = await MakeFileAsync(work, 1);
            var unknown = await MakeFileAsync(work, 2);
            var listen = LoopbackPort.Free();
            await using var orthanc = await OrthancPeer.StartAsync([], [new DicomPeer("PEAKECLI", listen)]);
            var orthancPort = orthanc.DicomPort.ToString(CultureInfo.InvariantCulture);
            var store = await PeakeProcess.RunAsync(["dicom", "store", "127.0.0.1", orthancPort, "--aet", "PEAKECLI", "--aec", OrthancPeer.AeTitle, stored]);
            Assert.True(store.ExitCode == 0, $"{store}\n{orthanc.Log}");

            var commit = await PeakeProcess.RunAsync(
                ["dicom", "commit", "127.0.0.1", orthancPort, "--aet", "PEAKECLI", "--aec", OrthancPeer.AeTitle, "--listen", listen.ToString(CultureInfo.InvariantCulture), "--timeout", "30", stored, unknown],
                TimeSpan.FromSeconds(60));

            Assert.True(commit.ExitCode == 1, $"{commit}\n{orthanc.Log}");
            Assert.Contains("1 committed, 1 failed", commit.StandardOutput, StringComparison.Ordinal);
            Assert.Contains($"{unknown}: not committed, failure reason 0x0112", commit.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain(stored, commit.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task Orthanc_asking_peake_dicom_scp_gets_a_report_committed_and_unknown_failed()
    {
        var work = NewFolder();
        try
        {
            var stored = await MakeFileAsync(work, 3);
            var scpPort = LoopbackPort.Free();
            await using var orthanc = await OrthancPeer.StartAsync([], [new DicomPeer("PEAKE", scpPort)]);
            await using var scp = await PeakeScp.StartAsync(
                "--port", scpPort.ToString(CultureInfo.InvariantCulture), "--aet", "PEAKE", "--accept-any-calling-ae",
                "--move-destination", $"{OrthancPeer.AeTitle}=127.0.0.1:{orthanc.DicomPort.ToString(CultureInfo.InvariantCulture)}");
            var store = await PeakeProcess.RunAsync(["dicom", "store", "127.0.0.1", scp.PortText, "--aec", "PEAKE", stored]);
            Assert.True(store.ExitCode == 0, $"{store}\n{scp.Output}");

            var request = new JsonObject
            {
                ["DicomInstances"] = new JsonArray(
                    new JsonArray(SecondaryCapture, Uid(3)),
                    new JsonArray(SecondaryCapture, Uid(4))),
                ["Timeout"] = 30,
            };
            using var asked = await orthanc.Http.PostAsJsonAsync("modalities/peake/storage-commitment", request);
            var askedBody = await asked.Content.ReadAsStringAsync();
            Assert.True(asked.IsSuccessStatusCode, $"{(int)asked.StatusCode} {askedBody}\n{orthanc.Log}\n{scp.Output}");
            var id = JsonNode.Parse(askedBody)!["ID"]!.GetValue<string>();

            // Orthanc's job is Pending until our report arrives on the association our SCP opens back.
            JsonNode report;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            do
            {
                await Task.Delay(100);
                report = await orthanc.GetJsonAsync($"storage-commitment/{id}");
            }
            while ((string?)report["Status"] == "Pending" && DateTime.UtcNow < deadline);

            Assert.True((string?)report["Status"] == "Failure", $"{report.ToJsonString()}\n{orthanc.Log}\n{scp.Output}");
            var success = Assert.Single(report["Success"]!.AsArray());
            Assert.Equal(Uid(3), (string?)success!["SOPInstanceUID"]);
            var failure = Assert.Single(report["Failures"]!.AsArray());
            Assert.Equal(Uid(4), (string?)failure!["SOPInstanceUID"]);
            Assert.Equal(0x0112, (int)failure["FailureReason"]!);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string Uid(int i) => $"1.2.826.0.1.3680043.99.40.3.{i}";

    private static string NewFolder()
    {
        var work = Path.Combine(Path.GetTempPath(), "peake-commit-orthanc-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        return work;
    }

    private static async Task<string> MakeFileAsync(string work, int i)
    {
        var dump = Path.Combine(work, $"{i}.txt");
        var file = Path.Combine(work, $"{i}.dcm");
        await File.WriteAllTextAsync(dump, $"""
            (0008,0016) UI [{SecondaryCapture}]
            (0008,0018) UI [{Uid(i)}]
            (0010,0010) PN [Commit^Test]
            (0010,0020) LO [P40]
            (0020,000d) UI [1.2.826.0.1.3680043.99.40.1]
            (0020,000e) UI [1.2.826.0.1.3680043.99.40.2]
            """);
        var made = await PeerProcess.RunAsync("dump2dcm", ["+te", dump, file], TimeSpan.FromSeconds(30));
        Assert.True(made.ExitCode == 0, made.ToString());
        return file;
    }
}
