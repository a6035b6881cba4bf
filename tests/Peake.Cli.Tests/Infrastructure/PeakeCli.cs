using System.Diagnostics;
using Peake.Dicom.Network.Tests.Cli;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Cli.Tests.Infrastructure;

/// <summary>
/// Runs `peake` as a real process (`dotnet peake.dll ...`) in a folder and environment the test chooses, with the
/// management variables cleared unless the test sets them, so nothing of the machine's own set-up leaks in.
/// </summary>
internal sealed class PeakeCli(string workingDirectory)
{
    public Dictionary<string, string?> Environment { get; } = new()
    {
        ["PEAKE_MANAGEMENT_TOKEN"] = null,
        ["PEAKE_RUN_FILE"] = null,
    };

    public async Task<PeerResult> RunAsync(params string[] arguments)
    {
        Assert.True(File.Exists(PeakeProcess.AssemblyPath), $"{PeakeProcess.AssemblyPath} is missing: build the solution first");
        var start = new ProcessStartInfo(PeakeProcess.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(PeakeProcess.AssemblyPath);
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (name, value) in Environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start peake");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var timedOut = !await PeakeProcess.WaitAsync(process, TimeSpan.FromSeconds(60));
        return new PeerResult(timedOut ? -1 : process.ExitCode, await stdout, await stderr, timedOut);
    }
}
