namespace Peake.Dicom.Interop.Tests.Infrastructure;

/// <summary>
/// Runs an installed dcmtk command-line tool (dcmdump, dcm2json, dcmftest, dcmconv, ...) as a real process:
/// dcmtk is the reference peer the interop tests compare against.
/// </summary>
public static class DcmtkTool
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    // Debian's dcmtk leaves Nagle's algorithm on unless told otherwise; the network tools read this.
    private static readonly Dictionary<string, string> Environment = new() { ["TCP_NODELAY"] = "1" };

    public static Task<ProcessResult> RunAsync(string tool, IEnumerable<string> arguments, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        ProcessRunner.RunAsync(tool, arguments, timeout ?? DefaultTimeout, Environment, cancellationToken: cancellationToken);

    public static ProcessResult Run(string tool, params string[] arguments) =>
        RunAsync(tool, arguments).GetAwaiter().GetResult();

    public static ProcessResult Run(string tool, IEnumerable<string> arguments, TimeSpan timeout) =>
        RunAsync(tool, arguments, timeout).GetAwaiter().GetResult();

    /// <summary>True when the tool is on PATH (the tests need scripts/install-deps.sh to have run).</summary>
    public static bool IsInstalled(string tool) =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, tool)));

    /// <summary>`dcmdump` of one file, UIDs as numbers (not names) so they compare with our output.</summary>
    public static ProcessResult Dump(string file, params string[] options) =>
        Run("dcmdump", [.. options, "-Un", file], DefaultTimeout);

    /// <summary>`dcm2json` of one file: the DICOM JSON model dcmtk prints (values converted to UTF-8).</summary>
    public static ProcessResult Json(string file, params string[] options) =>
        Run("dcm2json", [.. options, file], DefaultTimeout);

    /// <summary>`dcmftest`: does the file have a Part 10 preamble and "DICM" prefix (PS3.10 7.1).</summary>
    public static bool IsPart10File(string file)
    {
        var r = Run("dcmftest", file);
        return r.ExitCode == 0 && r.StandardOutput.StartsWith("yes:", StringComparison.Ordinal);
    }
}
