using System.Globalization;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Cli;

/// <summary>`peake dicom commit` against `peake dicom scp`, which answers storage commitment from its folder.</summary>
public sealed class CommitCommandTests
{
    [Fact]
    public async Task Instances_stored_by_storescu_are_committed_and_unknown_or_removed_ones_fail_with_0112()
    {
        var work = Path.Combine(Path.GetTempPath(), "peake-cli-commit-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var files = new List<string>();
            for (var i = 1; i <= 3; i++)
            {
                files.Add(await MakeFileAsync(work, i));
            }

            await using var scp = await PeakeScp.StartAsync("--aet", "PEAKE", "--accept-any-calling-ae");
            var store = await PeerProcess.RunAsync("storescu", ["-aec", "PEAKE", "-to", "10", "-ta", "10", "-td", "30", "127.0.0.1", scp.PortText, files[0], files[1]], TimeSpan.FromSeconds(60));
            Assert.True(store.ExitCode == 0, $"{store}\n{scp.Output}");

            var stored = await PeakeProcess.RunAsync(["dicom", "commit", "127.0.0.1", scp.PortText, "--aec", "PEAKE", "--timeout", "30", files[0], files[1]]);
            Assert.True(stored.ExitCode == 0, $"{stored}\n{scp.Output}");
            Assert.Contains("2 committed, 0 failed", stored.StandardOutput, StringComparison.Ordinal);

            // The third was never stored; the second's file is removed from the SCP's folder behind its back.
            File.Delete(Path.Combine(scp.Directory, "1.2.826.0.1.3680043.99.20.3.2.dcm"));
            var mixed = await PeakeProcess.RunAsync(["dicom", "commit", "127.0.0.1", scp.PortText, "--aec", "PEAKE", "--timeout", "30", .. files]);
            Assert.True(mixed.ExitCode == 1, $"{mixed}\n{scp.Output}");
            Assert.Contains("1 committed, 2 failed", mixed.StandardOutput, StringComparison.Ordinal);
            Assert.Contains($"{files[1]}: not committed, failure reason 0x0112", mixed.StandardError, StringComparison.Ordinal);
            Assert.Contains($"{files[2]}: not committed, failure reason 0x0112", mixed.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain(files[0], mixed.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task With_listen_the_report_is_taken_on_the_association_the_SCP_opens_back()
    {
        var work = Path.Combine(Path.GetTempPath(), "peake-cli-commit-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var file = await MakeFileAsync(work, 9);
            var listen = ClosedPort.Get().ToString(CultureInfo.InvariantCulture);
            await using var scp = await PeakeScp.StartAsync("--aet", "PEAKE", "--accept-any-calling-ae", "--move-destination", $"PEAKECLI=127.0.0.1:{listen}");
            var store = await PeakeProcess.RunAsync(["dicom", "store", "127.0.0.1", scp.PortText, "--aec", "PEAKE", file]);
            Assert.True(store.ExitCode == 0, $"{store}\n{scp.Output}");

            var commit = await PeakeProcess.RunAsync(["dicom", "commit", "127.0.0.1", scp.PortText, "--aec", "PEAKE", "--aet", "PEAKECLI", "--listen", listen, "--timeout", "30", file]);

            Assert.True(commit.ExitCode == 0, $"{commit}\n{scp.Output}");
            Assert.Contains("1 committed, 0 failed", commit.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task An_scp_run_with_no_fsync_refuses_commitment_with_0211_even_for_stored_instances()
    {
        var work = Path.Combine(Path.GetTempPath(), "peake-cli-commit-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var file = await MakeFileAsync(work, 6);
            await using var scp = await PeakeScp.StartAsync("--aet", "PEAKE", "--accept-any-calling-ae", "--no-fsync");
            var store = await PeakeProcess.RunAsync(["dicom", "store", "127.0.0.1", scp.PortText, "--aec", "PEAKE", file]);
            Assert.True(store.ExitCode == 0, $"{store}\n{scp.Output}");

            var commit = await PeakeProcess.RunAsync(["dicom", "commit", "127.0.0.1", scp.PortText, "--aec", "PEAKE", "--timeout", "30", file]);

            Assert.True(commit.ExitCode == 1, $"{commit}\n{scp.Output}");
            Assert.Contains("0 committed, 1 failed", commit.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("0x0211", commit.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task Commit_to_a_port_nobody_listens_on_fails_every_instance_with_exit_code_1()
    {
        var work = Path.Combine(Path.GetTempPath(), "peake-cli-commit-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var file = await MakeFileAsync(work, 8);
            var port = ClosedPort.Get();

            var result = await PeakeProcess.RunAsync(["dicom", "commit", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), file]);

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Contains("0 committed, 1 failed", result.StandardOutput, StringComparison.Ordinal);
            Assert.Contains($"127.0.0.1:{port}", result.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Theory]
    [InlineData("127.0.0.1", "104")]
    [InlineData("127.0.0.1", "104", "x.dcm", "--timeout", "soon")]
    [InlineData("127.0.0.1", "104", "x.dcm", "--listen", "not-a-port")]
    public async Task Commit_with_bad_arguments_exits_2(params string[] args)
    {
        var result = await PeakeProcess.RunAsync(["dicom", "commit", .. args]);

        Assert.True(result.ExitCode == 2, result.ToString());
    }

    internal static async Task<string> MakeFileAsync(string work, int i)
    {
        var dump = Path.Combine(work, $"{i}.txt");
        var file = Path.Combine(work, $"{i}.dcm");
        await File.WriteAllTextAsync(dump, $"""
            (0008,0016) UI [1.2.840.10008.5.1.4.1.1.7]
            (0008,0018) UI [1.2.826.0.1.3680043.99.20.3.{i}]
            (0010,0020) LO [P20]
            (0020,000d) UI [1.2.826.0.1.3680043.99.20.1]
            (0020,000e) UI [1.2.826.0.1.3680043.99.20.2]
            """);
        var made = await PeerProcess.RunAsync("dump2dcm", ["+te", dump, file], TimeSpan.FromSeconds(30));
        Assert.True(made.ExitCode == 0, made.ToString());
        return file;
    }
}
