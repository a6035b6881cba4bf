using Peake.Dicom.Network.Tests.Infrastructure;
using Peake.Dicom.Network.Tests.Server;

namespace Peake.Dicom.Network.Tests.Cli;

/// <summary>`peake dicom find` as a process against our SCP holding the <see cref="FindArchive"/> instances.</summary>
public sealed class FindCommandTests(FindArchive archive) : IClassFixture<FindArchive>
{
    [Fact]
    public async Task Find_prints_each_match_and_counts_them()
    {
        var result = await PeakeProcess.RunAsync(
            ["dicom", "find", "127.0.0.1", archive.Server.Port, "--aec", TestServer.AeTitle, "--model", "patient", "--level", "STUDY", "-k", "PatientID=P1", "-k", "StudyInstanceUID", "-k", "PatientName"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(FindArchive.Study("1"), result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(FindArchive.Study("2"), result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(FindArchive.Study("3"), result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("DOE^JOHN", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("2 match(es)", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Find_reports_a_failure_status_with_exit_code_1()
    {
        var result = await PeakeProcess.RunAsync(["dicom", "find", "127.0.0.1", archive.Server.Port, "--aec", TestServer.AeTitle, "--level", "PATIENT"]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("0xA900", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-k", "NoSuchKeyword")]
    [InlineData("--model", "relational")]
    [InlineData("-k", "Rows=512")]
    public async Task Find_with_bad_arguments_exits_2_with_usage(params string[] args)
    {
        var result = await PeakeProcess.RunAsync(["dicom", "find", "127.0.0.1", "104", .. args]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("usage: peake dicom find", result.StandardError, StringComparison.Ordinal);
    }
}
