using Peake.Dicom.Interop.Tests.Infrastructure;

namespace Peake.Dicom.Interop.Tests.Acceptance;

/// <summary>What the issue asks of a failing `peake` command: exit 1 and one clear line on stderr, no stack trace.</summary>
internal static class CliAssert
{
    public static void FailedWithOneLine(ProcessResult result)
    {
        Assert.True(result.ExitCode == 1, $"expected exit code 1:\n{result.Describe()}");
        var lines = result.StandardError.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length == 1 && lines[0].Length > 0, $"expected exactly one line on stderr:\n{result.StandardError}");
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.StandardError, StringComparison.Ordinal);
    }
}
