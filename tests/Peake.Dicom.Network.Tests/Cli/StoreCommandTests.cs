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
    public async Task Store_without_files_exits_2_with_usage()
    {
        var result = await PeakeProcess.RunAsync(["dicom", "store", "127.0.0.1", "104"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("usage: peake dicom store", result.StandardError, StringComparison.Ordinal);
    }
}
