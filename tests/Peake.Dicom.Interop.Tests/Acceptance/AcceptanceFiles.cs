using Peake.Dicom.Interop.Tests.Infrastructure;

namespace Peake.Dicom.Interop.Tests.Acceptance;

/// <summary>
/// Every file of both corpora, each dumped once by dcmdump (in parallel, on first use) so tests can pick the files
/// dcmdump reads, the uncompressed ones, and so on, and compare against that listing without running it again.
/// </summary>
public static class AcceptanceFiles
{
    public const string CorpusPrefix = "corpus/";
    public const string RealWorldPrefix = "pydicom/";

    private static readonly Lazy<IReadOnlyDictionary<string, AcceptanceFile>> AllLazy = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static IEnumerable<AcceptanceFile> All => AllLazy.Value.Values.OrderBy(f => f.Name, StringComparer.Ordinal);

    public static AcceptanceFile Get(string name) =>
        AllLazy.Value.TryGetValue(name, out var f) ? f : throw new KeyNotFoundException($"{name} is in neither corpus");

    /// <summary>Names as theory data, so each file shows as its own test case.</summary>
    public static TheoryData<string> Names(Func<AcceptanceFile, bool> filter)
    {
        var data = new TheoryData<string>();
        foreach (var f in All.Where(filter))
        {
            data.Add(f.Name);
        }

        return data;
    }

    /// <summary>Names crossed with each writable syntax ("implicit", "explicit", "deflated").</summary>
    public static TheoryData<string, string> NamesBySyntax(Func<AcceptanceFile, bool> filter, IEnumerable<string> syntaxes)
    {
        var data = new TheoryData<string, string>();
        foreach (var f in All.Where(filter))
        {
            foreach (var s in syntaxes)
            {
                data.Add(f.Name, s);
            }
        }

        return data;
    }

    private static IReadOnlyDictionary<string, AcceptanceFile> Load()
    {
        var sources = CorpusFixture.Shared.Files
            .Select(f => (Name: CorpusPrefix + f.Name, f.Path, Manifest: (CorpusFile?)f))
            .Concat(RealWorldCorpus.Files().Select(r => (Name: RealWorldPrefix + r.Replace('\\', '/'), Path: Path.Combine(RealWorldCorpus.Directory, r), Manifest: (CorpusFile?)null)))
            .ToList();
        var files = new AcceptanceFile[sources.Count];
        Parallel.For(0, sources.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount * 2 }, i =>
        {
            var (name, path, manifest) = sources[i];
            var dump = DcmtkTool.RunAsync("dcmdump", ["-Un", "+L", path]).GetAwaiter().GetResult();
            files[i] = new AcceptanceFile(name, path, manifest, dump);
        });
        return files.ToDictionary(f => f.Name, StringComparer.Ordinal);
    }
}
