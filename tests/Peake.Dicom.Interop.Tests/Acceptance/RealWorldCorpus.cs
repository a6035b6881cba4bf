using Peake.Dicom.Interop.Tests.Infrastructure;

namespace Peake.Dicom.Interop.Tests.Acceptance;

/// <summary>
/// Files no one here wrote: the test files Debian's python3-pydicom ships (scanners and toolkits of many vendors,
/// big endian, deflated, every compression, DICOMDIRs, odd character sets, and some damaged files). Found at run time,
/// never committed. scripts/install-deps.sh installs the package (make test runs it); without it the acceptance tests
/// fail with <see cref="MissingMessage"/>, they do not skip.
/// </summary>
public static class RealWorldCorpus
{
    /// <summary>Where Debian's python3-pydicom puts its data (a well-known system path of the package).</summary>
    public const string DebianDataDirectory = "/usr/lib/python3/dist-packages/pydicom/data";

    public const string MissingMessage =
        "the real-world corpus is missing: python3-pydicom is not installed (run `bash scripts/install-deps.sh`; `make test` does)";

    // Files beside the DICOM files that are not DICOM: the package's code, hashes, READMEs, dcmdump listings.
    private static readonly string[] NotDicomExtensions = [".py", ".pyc", ".json", ".txt", ".md", ".dump"];

    private static readonly Lazy<(string Directory, string Python)?> FoundLazy = new(Find, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The pydicom data directory, or null when the package is not installed.</summary>
    public static string? DirectoryOrNull => FoundLazy.Value?.Directory;

    /// <summary>A Python interpreter that imports pydicom (a second reference where dcmtk has none).</summary>
    public static string Python => FoundLazy.Value?.Python ?? throw new InvalidOperationException(MissingMessage);

    public static string Directory => DirectoryOrNull ?? throw new InvalidOperationException(MissingMessage);

    /// <summary>Every file of the corpus as a path relative to <see cref="Directory"/> ("test_files/CT_small.dcm"), sorted.</summary>
    public static IReadOnlyList<string> Files() =>
        System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Directory, p))
            .Where(IsDicomCandidate)
            .Order(StringComparer.Ordinal)
            .ToList();

    private static bool IsDicomCandidate(string relative) =>
        !relative.Split(Path.DirectorySeparatorChar).Contains("__pycache__")
        && !NotDicomExtensions.Contains(Path.GetExtension(relative), StringComparer.OrdinalIgnoreCase)
        && !Path.GetFileName(relative).StartsWith("README", StringComparison.OrdinalIgnoreCase);

    // The Debian path first; else ask the Python interpreters that may have pydicom (a pyenv shim on PATH may not).
    private static (string, string)? Find()
    {
        if (System.IO.Directory.Exists(Path.Combine(DebianDataDirectory, "test_files")))
        {
            return (DebianDataDirectory, "/usr/bin/python3"); // the interpreter of Debian's dist-packages
        }

        foreach (var python in new[] { "python3", "/usr/bin/python3" })
        {
            try
            {
                var r = ProcessRunner.RunAsync(python, ["-c", "import os, pydicom.data; print(os.path.dirname(pydicom.data.__file__))"], TimeSpan.FromSeconds(30))
                    .GetAwaiter().GetResult();
                var dir = r.StandardOutput.Trim();
                if (r.Succeeded && System.IO.Directory.Exists(Path.Combine(dir, "test_files")))
                {
                    return (dir, python);
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // No such interpreter: try the next.
            }
        }

        return null;
    }
}
