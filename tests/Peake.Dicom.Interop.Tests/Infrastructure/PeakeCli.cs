namespace Peake.Dicom.Interop.Tests.Infrastructure;

/// <summary>
/// Runs our `peake` tool as a real process (`dotnet peake.dll ...`), the way an operator or dcmtk script
/// would: exit code, stdout and stderr are part of what is tested. The test project references
/// src/Peake.Cli, so the build copies peake.dll and its runtimeconfig next to the test assembly.
/// </summary>
public static class PeakeCli
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    public static string AssemblyPath { get; } = Path.Combine(AppContext.BaseDirectory, "peake.dll");

    // `dotnet test` tells child processes which host it runs on; fall back to the one on PATH.
    private static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public static Task<ProcessResult> RunAsync(IEnumerable<string> arguments, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(AssemblyPath))
        {
            throw new FileNotFoundException("peake.dll is not next to the test assembly; build the solution first", AssemblyPath);
        }
        return ProcessRunner.RunAsync(DotnetHost, [AssemblyPath, .. arguments], timeout ?? DefaultTimeout, cancellationToken: cancellationToken);
    }

    public static ProcessResult Run(params string[] arguments) => RunAsync(arguments).GetAwaiter().GetResult();

    public static ProcessResult Run(IEnumerable<string> arguments, TimeSpan timeout) => RunAsync(arguments, timeout).GetAwaiter().GetResult();

    /// <summary>`peake dicom dump FILE...`</summary>
    public static ProcessResult Dump(params string[] files) => Run(["dicom", "dump", .. files], DefaultTimeout);

    /// <summary>`peake dicom json FILE`</summary>
    public static ProcessResult Json(string file, params string[] options) => Run(["dicom", "json", .. options, file], DefaultTimeout);

    /// <summary>`peake dicom transcode IN OUT --ts UID`</summary>
    public static ProcessResult Transcode(string input, string output, string transferSyntaxUid) =>
        Run(["dicom", "transcode", input, output, "--ts", transferSyntaxUid], DefaultTimeout);
}
