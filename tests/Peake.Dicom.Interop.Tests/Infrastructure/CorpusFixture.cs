namespace Peake.Dicom.Interop.Tests.Infrastructure;

/// <summary>
/// The dcmtk-made corpus, generated once per test process by scripts/corpus/make-corpus.sh into a temporary
/// directory (deleted when the process exits). Set PEAKE_CORPUS_DIR to keep it in a fixed place between
/// runs: the script is idempotent and returns at once when the corpus there is current.
/// Use it as a class or collection fixture (<see cref="CorpusCollection"/>), or through <see cref="Shared"/>
/// from static theory data.
/// </summary>
public sealed class CorpusFixture
{
    public const string DirectoryVariable = "PEAKE_CORPUS_DIR";

    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(5);
    private static readonly Lazy<CorpusFixture> SharedLazy = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, CorpusFile> _byName;

    /// <summary>For xunit: every fixture instance is the one shared corpus of this process.</summary>
    public CorpusFixture()
        : this(Shared.Directory, Shared.Files)
    {
    }

    private CorpusFixture(string directory, IReadOnlyList<CorpusFile> files)
    {
        Directory = directory;
        Files = files;
        _byName = files.ToDictionary(f => f.Name, StringComparer.Ordinal);
    }

    public static CorpusFixture Shared => SharedLazy.Value;

    public string Directory { get; }

    public string ManifestPath => Path.Combine(Directory, "manifest.tsv");

    public IReadOnlyList<CorpusFile> Files { get; }

    /// <summary>A file by its manifest name ("files/vr-standard.dcm").</summary>
    public CorpusFile File(string name) =>
        _byName.TryGetValue(name, out var f) ? f : throw new KeyNotFoundException($"{name} is not in {ManifestPath}");

    /// <summary>Manifest names as theory data, so each file shows as its own test case.</summary>
    public static TheoryData<string> Names(Func<CorpusFile, bool>? filter = null)
    {
        var data = new TheoryData<string>();
        foreach (var f in Shared.Files.Where(filter ?? (_ => true)))
        {
            data.Add(f.Name);
        }
        return data;
    }

    private static CorpusFixture Build()
    {
        var configured = Environment.GetEnvironmentVariable(DirectoryVariable);
        var directory = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(Path.GetTempPath(), $"peake-corpus-{Environment.ProcessId}")
            : Path.GetFullPath(configured);
        if (string.IsNullOrWhiteSpace(configured))
        {
            DeleteLeftovers();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteInBackground(directory);
        }

        var script = Path.Combine(RepositoryPaths.Scripts, "corpus", "make-corpus.sh");
        var result = ProcessRunner.RunAsync("bash", [script, directory], ScriptTimeout).GetAwaiter().GetResult();
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("make-corpus.sh failed:\n" + result.Describe());
        }

        var files = System.IO.File.ReadAllLines(Path.Combine(directory, "manifest.tsv"))
            .Where(l => l.Length > 0)
            .Select(l => CorpusFile.Parse(directory, l))
            .ToList();
        return new CorpusFixture(directory, files);
    }

    // The test platform kills the test host soon after the last test, often before a managed recursive
    // delete ends: hand the deletion to a child process that outlives us.
    private static void DeleteInBackground(string directory)
    {
        try
        {
            using var rm = System.Diagnostics.Process.Start("rm", ["-rf", "--", directory]);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            TryDelete(directory);
        }
    }

    // In case even that was cut short: remove corpora of processes that no longer run.
    private static void DeleteLeftovers()
    {
        foreach (var dir in System.IO.Directory.EnumerateDirectories(Path.GetTempPath(), "peake-corpus-*"))
        {
            if (int.TryParse(Path.GetFileName(dir)["peake-corpus-".Length..], out var pid) && !IsAlive(pid))
            {
                TryDelete(dir);
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort at exit: a leftover temp directory is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
