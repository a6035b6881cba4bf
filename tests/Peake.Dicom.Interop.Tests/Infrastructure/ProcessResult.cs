using System.Text;

namespace Peake.Dicom.Interop.Tests.Infrastructure;

/// <summary>What a finished (or killed) child process left behind.</summary>
/// <param name="StandardOutputBytes">Stdout as raw bytes: dcmdump prints values in their file encoding.</param>
public sealed record ProcessResult(string Command, int ExitCode, byte[] StandardOutputBytes, string StandardError, bool TimedOut)
{
    /// <summary>Stdout decoded as UTF-8 (what dcm2json, dcmdump +U8 and peake print).</summary>
    public string StandardOutput => Encoding.UTF8.GetString(StandardOutputBytes);

    public bool Succeeded => ExitCode == 0 && !TimedOut;

    /// <summary>Lines dcmtk logs at error or fatal level ("E: ..." or "F: ...").</summary>
    public IReadOnlyList<string> ErrorLines =>
        StandardError.Split('\n').Where(l => l.StartsWith("E:", StringComparison.Ordinal) || l.StartsWith("F:", StringComparison.Ordinal)).ToList();

    /// <summary>A one-paragraph account for assertion messages.</summary>
    public string Describe() =>
        $"{Command}: exit {ExitCode}{(TimedOut ? " (timed out, killed)" : "")}\nstderr: {Tail(StandardError)}\nstdout: {Tail(StandardOutput)}";

    private static string Tail(string s) => s.Length <= 2000 ? s : "..." + s[^2000..];
}
