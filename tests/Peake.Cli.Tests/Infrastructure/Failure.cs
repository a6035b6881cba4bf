using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Cli.Tests.Infrastructure;

internal static class Failure
{
    /// <summary>How an ops command fails: exit code 1, nothing on stdout, one line on stderr (no stack trace).</summary>
    public static string AssertOneLine(PeerResult result, string expectedStart)
    {
        Assert.True(result.ExitCode == 1, result.ToString());
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, result.ToString());
        Assert.StartsWith(expectedStart, lines[0], StringComparison.Ordinal);
        Assert.Equal("", result.StandardOutput);
        return lines[0];
    }
}
