using System.Globalization;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Cli;

/// <summary>
/// `peake dicom get` against `peake dicom scp` (PS3.4 C.4.3), and the Failed SOP Instance UID List of the final C-GET
/// and C-MOVE responses (PS3.4 C.4.2.1.4, C.4.3.1.4) as our client, getscu and movescu see it.
/// </summary>
public sealed class GetCommandTests
{
    private const string Root = "1.2.826.0.1.3680043.99.10";
    private const string Study = Root + ".1";

    [Fact]
    public async Task Peake_get_brings_back_explicit_implicit_and_jpeg_instances_byte_identical()
    {
        using var work = new WorkFolder();
        string[] sources =
        [
            await RetrieveSources.MakeAsync(work.Path, $"{Root}.3.1", Study, $"{Root}.2.1", "+te"),
            await RetrieveSources.MakeAsync(work.Path, $"{Root}.3.2", Study, $"{Root}.2.1", "+ti"),
            await RetrieveSources.MakeJpegAsync(work.Path, $"{Root}.3.3", Study, $"{Root}.2.2"),
        ];
        Assert.Equal(["1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.4.70"], sources.Select(Part10.TransferSyntax).Order(StringComparer.Ordinal));
        await using var scp = await PeakeScp.StartAsync("--aet", "PEAKE", "--accept-any-calling-ae");
        await StoreAsync(scp, sources);

        var got = Path.Combine(work.Path, "got");
        var get = await PeakeProcess.RunAsync(["dicom", "get", "127.0.0.1", scp.PortText, "--aec", "PEAKE", "-k", $"StudyInstanceUID={Study}", "--dir", got]);

        Assert.True(get.ExitCode == 0, $"{get}\n{scp.Output}");
        Assert.Contains("status 0x0000, 3 completed, 0 failed", get.StandardOutput, StringComparison.Ordinal);
        RetrieveSources.AssertSameDataSets(sources, Directory.GetFiles(got, "*.dcm"));
    }

    [Fact]
    public async Task Peake_get_with_sop_class_brings_back_instances_stored_in_three_compressed_syntaxes()
    {
        using var work = new WorkFolder();
        const string study = Root + ".40";
        string[] sources =
        [
            await RetrieveSources.MakeJpegAsync(work.Path, $"{Root}.3.41", study, $"{Root}.2.40"),
            await RetrieveSources.MakeJpegAsync(work.Path, $"{Root}.3.42", study, $"{Root}.2.40", ["dcmcjpeg", "+eb", "+un"]),
            await RetrieveSources.MakeJpegAsync(work.Path, $"{Root}.3.43", study, $"{Root}.2.40", ["dcmcrle"]),
        ];
        Assert.Equal(["1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.5"], sources.Select(Part10.TransferSyntax).Order(StringComparer.Ordinal));
        await using var scp = await PeakeScp.StartAsync("--aet", "PEAKE", "--accept-any-calling-ae");
        await StoreAsync(scp, sources);

        // Named classes get one context per compressed syntax, so an SCP sending files as stored can send each.
        var got = Path.Combine(work.Path, "got");
        var get = await PeakeProcess.RunAsync(
            ["dicom", "get", "127.0.0.1", scp.PortText, "--aec", "PEAKE", "-k", $"StudyInstanceUID={study}", "--sop-class", RetrieveSources.SecondaryCapture, "--dir", got]);

        Assert.True(get.ExitCode == 0, $"{get}\n{scp.Output}");
        Assert.Contains("status 0x0000, 3 completed, 0 failed", get.StandardOutput, StringComparison.Ordinal);
        RetrieveSources.AssertSameDataSets(sources, Directory.GetFiles(got, "*.dcm"));
    }

    [Fact]
    public async Task An_instance_whose_file_was_deleted_after_indexing_is_listed_as_failed_to_peake_get_getscu_and_movescu()
    {
        using var work = new WorkFolder();
        var kept = await RetrieveSources.MakeAsync(work.Path, $"{Root}.3.11", Study, $"{Root}.2.11", "+te");
        var lost = await RetrieveSources.MakeAsync(work.Path, $"{Root}.3.12", Study, $"{Root}.2.12", "+te");
        using var storescp = await Storescp.StartAsync(Path.Combine(work.Path, "moved"));
        await using var scp = await PeakeScp.StartAsync(
            "--aet", "PEAKE", "--accept-any-calling-ae", "--move-destination", $"{Storescp.AeTitle}=127.0.0.1:{storescp.Port.ToString(CultureInfo.InvariantCulture)}");
        await StoreAsync(scp, [kept, lost]);
        File.Delete(Path.Combine(scp.Directory, $"{Root}.3.12.dcm"));

        // Study level: one sent, one failed, B000H with the lost one listed; exit 1 as the status is not success.
        var got = Path.Combine(work.Path, "got");
        var get = await PeakeProcess.RunAsync(["dicom", "get", "127.0.0.1", scp.PortText, "--aec", "PEAKE", "-k", $"StudyInstanceUID={Study}", "--dir", got]);
        Assert.True(get.ExitCode == 1, $"{get}\n{scp.Output}");
        Assert.Contains("status 0xB000, 1 completed, 1 failed", get.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"failed: {Root}.3.12", get.StandardOutput, StringComparison.Ordinal);
        RetrieveSources.AssertSameDataSets([kept], Directory.GetFiles(got, "*.dcm"));

        // Series level, only the lost one: nothing could be sent, A702H, still listed.
        var series = await PeakeProcess.RunAsync(
            ["dicom", "get", "127.0.0.1", scp.PortText, "--aec", "PEAKE", "--level", "SERIES", "-k", $"StudyInstanceUID={Study}", "-k", $"SeriesInstanceUID={Root}.2.12", "--dir", got]);
        Assert.True(series.ExitCode == 1, series.ToString());
        Assert.Contains("status 0xA702, 0 completed, 1 failed", series.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"failed: {Root}.3.12", series.StandardOutput, StringComparison.Ordinal);

        // Our C-MOVE client reads the same list from the final C-MOVE-RSP.
        var move = await PeakeProcess.RunAsync(["dicom", "move", "127.0.0.1", scp.PortText, "--aec", "PEAKE", "--dest", Storescp.AeTitle, "-k", $"StudyInstanceUID={Study}"]);
        Assert.True(move.ExitCode == 1, move.ToString());
        Assert.Contains($"failed: {Root}.3.12", move.StandardOutput, StringComparison.Ordinal);

        // movescu decodes and prints the identifier (at debug level) and exits with its C-MOVE warning code, 68.
        string[] common = ["-d", "-S", "-aec", "PEAKE", "-to", "10", "-ta", "10", "-td", "30", "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={Study}"];
        var movescu = await PeerProcess.RunAsync("movescu", [.. common, "-aem", Storescp.AeTitle, "127.0.0.1", scp.PortText], TimeSpan.FromSeconds(60));
        Assert.True(movescu.ExitCode == 68, movescu.ToString());
        Assert.Matches($@"\(0008,0058\) UI \[{Root.Replace(".", "\\.", StringComparison.Ordinal)}\.3\.12\]", movescu.StandardOutput + movescu.StandardError);

        // dcmtk 3.6.7's getscu sees the warning and that an identifier is present (it does not read it, and so fails
        // its release with "P-Data PDU arrived"), and still stores what came and exits 0.
        var getscuDir = Path.Combine(work.Path, "getscu");
        Directory.CreateDirectory(getscuDir);
        var getscu = await PeerProcess.RunAsync("getscu", [.. common, "-od", getscuDir, "127.0.0.1", scp.PortText], TimeSpan.FromSeconds(60));
        var log = getscu.StandardOutput + getscu.StandardError;
        Assert.True(getscu.ExitCode == 0, getscu.ToString());
        Assert.Contains("Warning: SubOperationsCompleteOneOrMoreFailures", log, StringComparison.Ordinal);
        Assert.Matches(@"Failed Suboperations\s+: 1\s+D: Warning Suboperations\s+: 0\s+D: Data Set\s+: present", log);
        RetrieveSources.AssertSameDataSets([kept], Directory.GetFiles(getscuDir));
    }

    [Fact]
    public async Task Peake_get_from_dcmqrscp_negotiates_its_default_contexts_and_brings_back_the_study()
    {
        using var work = new WorkFolder();
        string[] sources =
        [
            await RetrieveSources.MakeAsync(work.Path, $"{Root}.3.21", $"{Root}.1.2", $"{Root}.2.21", "+te"),
            await RetrieveSources.MakeAsync(work.Path, $"{Root}.3.22", $"{Root}.1.2", $"{Root}.2.21", "+te"),
        ];
        using var qrscp = await Dcmqrscp.StartAsync(work.Path);
        var port = qrscp.Port.ToString(CultureInfo.InvariantCulture);
        var stored = await PeerProcess.RunAsync("storescu", ["-aec", Dcmqrscp.AeTitle, "-to", "10", "-ta", "10", "-td", "10", "127.0.0.1", port, .. sources], TimeSpan.FromSeconds(60));
        Assert.True(stored.ExitCode == 0, stored.ToString());

        // The full default proposal (128 contexts, the PS3.8 9.3.2.2 limit, with role selections) against a dcmtk SCP.
        var got = Path.Combine(work.Path, "got");
        var get = await PeakeProcess.RunAsync(["dicom", "get", "127.0.0.1", port, "--aec", Dcmqrscp.AeTitle, "--level", "STUDY", "-k", $"StudyInstanceUID={Root}.1.2", "--dir", got]);

        Assert.True(get.ExitCode == 0, $"{get}\n{qrscp.Output}");
        Assert.Contains("status 0x0000, 2 completed, 0 failed", get.StandardOutput, StringComparison.Ordinal);
        RetrieveSources.AssertSameDataSets(sources, Directory.GetFiles(got, "*.dcm"));
    }

    [Theory]
    [InlineData("--model", "series")]
    [InlineData("--sop-class", "CT")]
    public async Task Peake_get_with_a_bad_option_exits_2_with_usage(string option, string value)
    {
        var result = await PeakeProcess.RunAsync(["dicom", "get", "127.0.0.1", "104", "-k", "PatientID=1", option, value]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("usage: peake dicom get", result.StandardError, StringComparison.Ordinal);
    }

    private static async Task StoreAsync(PeakeScp scp, string[] files)
    {
        var store = await PeakeProcess.RunAsync(["dicom", "store", "127.0.0.1", scp.PortText, "--aec", "PEAKE", .. files]);
        Assert.True(store.ExitCode == 0, $"{store}\n{scp.Output}");
    }
}
