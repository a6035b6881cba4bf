using System.Globalization;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Cli;

/// <summary>`peake dicom store` as a process, sending files made by dcmtk to dcmtk's storescp.</summary>
public sealed class StoreCommandTests
{
    [Fact]
    public async Task Store_of_a_directory_sends_every_file_in_its_own_syntax_byte_identical_and_names_the_file_that_is_not_dicom()
    {
        using var corpus = await StoreCorpus.CreateAsync(shapes: 2);
        var input = Path.Combine(corpus.Directory, "in");
        var nested = Path.Combine(input, "nested");
        Directory.CreateDirectory(nested);
        for (var i = 0; i < corpus.Files.Count; i++)
        {
            File.Move(corpus.Files[i], Path.Combine(i % 2 == 0 ? input : nested, Path.GetFileName(corpus.Files[i])));
        }
        var junk = Path.Combine(nested, "notes.txt");
        await File.WriteAllTextAsync(junk, "not DICOM");
        var sent = Directory.GetFiles(input, "*.dcm", SearchOption.AllDirectories);
        var output = Path.Combine(corpus.Directory, "storescp");
        using var storescp = await Storescp.StartAsync(output);

        var result = await PeakeProcess.RunAsync(["dicom", "store", "127.0.0.1", storescp.Port.ToString(CultureInfo.InvariantCulture), input, "--aec", Storescp.AeTitle]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal($"{sent.Length} stored, 1 failed", result.StandardOutput.Trim());
        var failure = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(junk, failure, StringComparison.Ordinal);
        Assert.Equal(sent.Length, Directory.GetFiles(output).Length);
        foreach (var file in sent)
        {
            var uid = Part10.SopInstanceUid(file);
            var stored = Directory.GetFiles(output).Single(f => f.EndsWith(uid, StringComparison.Ordinal));
            Assert.Equal(Part10.TransferSyntax(file), Part10.TransferSyntax(stored));
            Assert.True(Part10.DataSetBytesOnWire(file).AsSpan().SequenceEqual(Part10.DataSetBytes(stored)), $"{file} ({Part10.TransferSyntax(file)}) differs");
        }
    }

    [Fact]
    public async Task Store_of_files_all_accepted_exits_0()
    {
        using var corpus = await StoreCorpus.CreateAsync(shapes: 1);
        var output = Path.Combine(corpus.Directory, "storescp");
        using var storescp = await Storescp.StartAsync(output);

        var result = await PeakeProcess.RunAsync(["dicom", "store", "--aec", Storescp.AeTitle, "127.0.0.1", storescp.Port.ToString(CultureInfo.InvariantCulture), .. corpus.Files.Take(3)]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("3 stored, 0 failed", result.StandardOutput.Trim());
        Assert.Equal("", result.StandardError);
        Assert.Equal(3, Directory.GetFiles(output).Length);
    }

    [Fact]
    public async Task Store_to_a_port_nobody_listens_on_fails_every_file_with_exit_code_1_and_one_reason()
    {
        using var corpus = await StoreCorpus.CreateAsync(shapes: 1);
        var port = ClosedPort.Get().ToString(CultureInfo.InvariantCulture);

        var result = await PeakeProcess.RunAsync(["dicom", "store", "127.0.0.1", port, .. corpus.Files]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal($"0 stored, {corpus.Files.Count} failed", result.StandardOutput.Trim());
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"127.0.0.1:{port}", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Files_in_a_syntax_the_peer_does_not_accept_fail_one_line_each_and_the_others_are_stored()
    {
        using var corpus = await StoreCorpus.CreateAsync(shapes: 1);
        var output = Path.Combine(corpus.Directory, "storescp");
        using var storescp = await Storescp.StartAsync(output, acceptAllSyntaxes: false);
        var compressed = corpus.Files.Where(f => Part10.TransferSyntax(f).StartsWith("1.2.840.10008.1.2.4.", StringComparison.Ordinal) || Part10.TransferSyntax(f) == "1.2.840.10008.1.2.5").ToList();

        var result = await PeakeProcess.RunAsync(["dicom", "store", "127.0.0.1", storescp.Port.ToString(CultureInfo.InvariantCulture), "--aec", Storescp.AeTitle, .. corpus.Files]);

        Assert.True(result.ExitCode == 1, result.ToString());
        var failures = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(compressed);
        foreach (var file in compressed)
        {
            Assert.Contains(failures, l => l.Contains(file, StringComparison.Ordinal) && l.Contains("no presentation context", StringComparison.Ordinal));
        }
        var stored = Directory.GetFiles(output).Length;
        Assert.Equal($"{stored} stored, {failures.Length} failed", result.StandardOutput.Trim());
        Assert.Equal(corpus.Files.Count, stored + failures.Length);
    }

    [Fact]
    public async Task Store_to_peake_scp_reports_the_refused_instance_with_its_status_and_stores_the_rest()
    {
        var input = Path.Combine(Path.GetTempPath(), "peake-cli-refused-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(input);
        try
        {
            // FolderStore names files only after valid UIDs: "1.2.x" is refused with C000H, "1.2.3.4" stored.
            var good = await MakeFileAsync(input, "good", "1.2.3.4");
            var bad = await MakeFileAsync(input, "bad", "1.2.x");
            await using var scp = await PeakeScp.StartAsync("--aet", "PEAKE", "--accept-any-calling-ae");

            var result = await PeakeProcess.RunAsync(["dicom", "store", "127.0.0.1", scp.PortText, "--aec", "PEAKE", good, bad]);

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Equal("1 stored, 1 failed", result.StandardOutput.Trim());
            var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(bad, line, StringComparison.Ordinal);
            Assert.Contains("0xC000", line, StringComparison.Ordinal);
            Assert.True(Part10.DataSetBytes(good).AsSpan().SequenceEqual(Part10.DataSetBytes(Path.Combine(scp.Directory, "1.2.3.4.dcm"))));
            Assert.Single(Directory.GetFiles(scp.Directory));
        }
        finally
        {
            Directory.Delete(input, recursive: true);
        }
    }

    [Fact]
    public async Task Store_without_files_exits_2_with_usage()
    {
        var result = await PeakeProcess.RunAsync(["dicom", "store", "127.0.0.1", "104"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("usage: peake dicom store", result.StandardError, StringComparison.Ordinal);
    }

    private static async Task<string> MakeFileAsync(string directory, string name, string sopInstanceUid)
    {
        var dump = Path.Combine(directory, name + ".dump");
        var file = Path.Combine(directory, name + ".dcm");
        await File.WriteAllTextAsync(dump, $"(0008,0016) UI [{StoreCorpus.SecondaryCapture}]\n(0008,0018) UI [{sopInstanceUid}]\n(0010,0010) PN [Test^{name}]\n");
        var made = await PeerProcess.RunAsync("dump2dcm", ["+te", dump, file], TimeSpan.FromSeconds(30));
        Assert.True(made.ExitCode == 0, made.ToString());
        File.Delete(dump);
        return file;
    }
}
