using System.Collections.Concurrent;
using Peake.Dicom.Interop.Tests.Infrastructure;

namespace Peake.Dicom.Interop.Tests.Acceptance;

/// <summary>
/// Transcoded copies of acceptance files, made at most once per process by `peake dicom transcode` or by dcmconv and
/// shared between test classes (the byte-identity tests reuse the transcode tests' copy in the file's own syntax).
/// The copies live in one temporary directory, deleted when the process exits.
/// </summary>
internal static class Transcodes
{
    private static readonly Lazy<string> DirectoryLazy = new(CreateDirectory, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly ConcurrentDictionary<string, Lazy<Task<TranscodeRun>>> Runs = new(StringComparer.Ordinal);

    public static Task<TranscodeRun> Peake(AcceptanceFile file, WritableSyntax syntax) =>
        Get("peake", file, syntax, output => PeakeCli.RunAsync(["dicom", "transcode", file.Path, output, "--ts", syntax.Name]));

    public static Task<TranscodeRun> Dcmconv(AcceptanceFile file, WritableSyntax syntax) =>
        Get("dcmconv", file, syntax, output => DcmtkTool.RunAsync("dcmconv", [syntax.DcmconvOption, file.Path, output]));

    /// <summary>A fresh path for a working copy of <paramref name="file"/>, under <paramref name="kind"/> in the temporary directory.</summary>
    public static string ScratchPath(string kind, AcceptanceFile file)
    {
        var path = Path.Combine(DirectoryLazy.Value, kind, file.Name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    private static Task<TranscodeRun> Get(string tool, AcceptanceFile file, WritableSyntax syntax, Func<string, Task<ProcessResult>> run)
    {
        var key = $"{tool}/{syntax.Name}/{file.Name}";
        return Runs.GetOrAdd(key, _ => new Lazy<Task<TranscodeRun>>(async () =>
        {
            var output = ScratchPath(Path.Combine(tool, syntax.Name), file);
            var result = await run(output).ConfigureAwait(false);
            return new TranscodeRun(output, result);
        })).Value;
    }

    private static string CreateDirectory()
    {
        var dir = Directory.CreateTempSubdirectory("peake-acceptance-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // Best effort at exit: a leftover temp directory is harmless.
            }
        };
        return dir;
    }
}
