using System.Diagnostics;

namespace Peake.Dicom.Interop.Tests.Json;

/// <summary>Runs dcmtk command line tools (dump2dcm, dcm2json) with a deadline, failing loudly on error.</summary>
internal static class Dcmtk
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>Writes <paramref name="dump"/> (dcmdump text) to a file and makes a DICOM file of it with dump2dcm.</summary>
    public static string MakeFile(string directory, string name, string dump, params string[] dump2dcmOptions)
    {
        var dumpPath = Path.Combine(directory, name + ".dump");
        var dcmPath = Path.Combine(directory, name + ".dcm");
        File.WriteAllText(dumpPath, dump);
        Run("dump2dcm", [.. dump2dcmOptions, dumpPath, dcmPath]);
        return dcmPath;
    }

    /// <summary>dcm2json's compact output for a file.</summary>
    public static string ToJson(string dcmPath, params string[] options) => Run("dcm2json", ["-fc", .. options, dcmPath]);

    public static string Run(string tool, IEnumerable<string> arguments)
    {
        var psi = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {tool}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Deadline))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish within {Deadline}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', psi.ArgumentList)} exited with {process.ExitCode}: {stderr.Result}");
        }

        return stdout.Result;
    }
}
