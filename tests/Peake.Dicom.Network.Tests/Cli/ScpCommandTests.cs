using System.Diagnostics;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Cli;

/// <summary>`peake dicom scp` as a process, with dcmtk's echoscu and storescu as its clients.</summary>
public sealed class ScpCommandTests
{
    [Fact]
    public async Task Echoscu_and_storescu_against_peake_scp_succeed_and_every_file_is_stored_byte_identical()
    {
        using var corpus = await StoreCorpus.CreateAsync(shapes: 2);
        await using var scp = await PeakeScp.StartAsync("--aet", "PEAKE", "--accept-any-calling-ae");

        var echo = await PeerProcess.RunAsync("echoscu", ["-aet", "ECHOSCU", "-aec", "PEAKE", "-to", "10", "-ta", "10", "-td", "10", "127.0.0.1", scp.PortText], TimeSpan.FromSeconds(30));
        Assert.True(echo.ExitCode == 0, $"{echo}\n{scp.Output}");
        // storescu proposes one syntax family per run; each run sends the files already in that syntax.
        foreach (var group in corpus.Files.GroupBy(Part10.TransferSyntax))
        {
            var store = await PeerProcess.RunAsync(
                "storescu",
                ["-aet", "STORESCU", "-aec", "PEAKE", ProposeOption(group.Key), "-to", "10", "-ta", "10", "-td", "10", "127.0.0.1", scp.PortText, .. group],
                TimeSpan.FromSeconds(60));
            Assert.True(store.ExitCode == 0 && !store.StandardError.Contains("E:", StringComparison.Ordinal), $"{group.Key}: {store}\n{scp.Output}");
        }

        foreach (var file in corpus.Files)
        {
            var stored = Path.Combine(scp.Directory, Part10.SopInstanceUid(file) + ".dcm");
            Assert.True(File.Exists(stored), $"{file} was not stored\n{scp.Output}");
            Assert.True(Part10.DataSetBytesOnWire(file).AsSpan().SequenceEqual(Part10.DataSetBytes(stored)), $"{file} ({Part10.TransferSyntax(file)}) differs");
        }
        Assert.Equal(corpus.Files.Count, Directory.GetFiles(scp.Directory).Length);
    }

    [Fact]
    public async Task Peake_scp_stops_on_SIGTERM_within_a_few_seconds_with_exit_code_0()
    {
        await using var scp = await PeakeScp.StartAsync("--accept-any-calling-ae");
        var clock = Stopwatch.StartNew();

        Assert.True(await scp.TerminateAsync(TimeSpan.FromSeconds(5)), $"still running 5 s after SIGTERM\n{scp.Output}");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
        Assert.True(scp.ExitCode == 0, scp.Output);
        Assert.Contains("stopping", scp.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Peake_scp_with_a_calling_ae_list_rejects_strangers_and_serves_peake_echo_from_a_listed_ae()
    {
        await using var scp = await PeakeScp.StartAsync("--aet", "ARCHIVE", "--calling-ae", "MODALITY,WORKSTATION");

        var known = await PeakeProcess.RunAsync(["dicom", "echo", "127.0.0.1", scp.PortText, "--aet", "WORKSTATION", "--aec", "ARCHIVE"]);
        var stranger = await PeakeProcess.RunAsync(["dicom", "echo", "127.0.0.1", scp.PortText, "--aet", "STRANGER", "--aec", "ARCHIVE"]);

        Assert.True(known.ExitCode == 0, $"{known}\n{scp.Output}");
        Assert.True(stranger.ExitCode == 1, stranger.ToString());
        var line = Assert.Single(stranger.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("calling AE title not recognized", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--port", "0")]
    [InlineData("--port", "99999", "--dir", "x", "--accept-any-calling-ae")]
    [InlineData("--port", "0", "--dir", "x")]
    [InlineData("--port", "0", "--dir", "x", "--accept-any-calling-ae", "extra")]
    public async Task Peake_scp_with_bad_arguments_exits_2_with_usage(params string[] args)
    {
        var result = await PeakeProcess.RunAsync(["dicom", "scp", .. args]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("usage: peake dicom scp", result.StandardError, StringComparison.Ordinal);
    }

    private static string ProposeOption(string syntax) => syntax switch
    {
        "1.2.840.10008.1.2" => "-xi",
        "1.2.840.10008.1.2.1" => "-xe",
        "1.2.840.10008.1.2.2" => "-xb",
        "1.2.840.10008.1.2.1.99" => "-xd",
        "1.2.840.10008.1.2.4.50" => "-xy",
        "1.2.840.10008.1.2.4.70" => "-xs",
        "1.2.840.10008.1.2.5" => "-xr",
        _ => throw new ArgumentOutOfRangeException(nameof(syntax), syntax, null),
    };
}
