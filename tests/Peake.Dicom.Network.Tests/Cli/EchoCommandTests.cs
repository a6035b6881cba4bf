using System.Globalization;

namespace Peake.Dicom.Network.Tests.Cli;

/// <summary>`peake dicom echo` as a process, against dcmtk's storescp and against nothing at all.</summary>
public sealed class EchoCommandTests
{
    [Fact]
    public async Task Echo_against_storescp_succeeds_with_exit_code_0()
    {
        var output = Path.Combine(Path.GetTempPath(), "peake-cli-echo-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var storescp = await Storescp.StartAsync(output);

            var result = await PeakeProcess.RunAsync(["dicom", "echo", "127.0.0.1", storescp.Port.ToString(CultureInfo.InvariantCulture), "--aet", "PEAKE_SCU", "--aec", Storescp.AeTitle]);

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("success", result.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public async Task Echo_to_a_port_nobody_listens_on_fails_with_exit_code_1_and_one_line()
    {
        var port = ClosedPort.Get();

        var result = await PeakeProcess.RunAsync(["dicom", "echo", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture)]);

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.Equal("", result.StandardOutput);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1", "not-a-port")]
    [InlineData("127.0.0.1", "104", "--aet", "THIS_AE_TITLE_IS_TOO_LONG")]
    [InlineData("127.0.0.1", "104", "--bogus", "x")]
    public async Task Echo_with_bad_arguments_exits_2_with_usage(params string[] args)
    {
        var result = await PeakeProcess.RunAsync(["dicom", "echo", .. args]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("usage: peake dicom echo", result.StandardError, StringComparison.Ordinal);
    }
}
