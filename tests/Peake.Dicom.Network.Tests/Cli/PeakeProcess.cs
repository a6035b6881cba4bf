using System.Diagnostics;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Cli;

/// <summary>
/// Runs our `peake` tool as a real process (`dotnet peake.dll ...`): exit code, stdout and stderr are what is tested.
/// The test project references src/Peake.Cli, so peake.dll and its runtimeconfig sit next to the test assembly.
/// </summary>
internal static class PeakeProcess
{
    public static string AssemblyPath { get; } = Path.Combine(AppContext.BaseDirectory, "peake.dll");

    // `dotnet test` tells child processes which host it runs on; fall back to the one on PATH.
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Runs to the end, or is killed (only this process, by its handle) when the deadline passes.</summary>
    public static async Task<PeerResult> RunAsync(IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        using var process = Start(arguments);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var timedOut = !await WaitAsync(process, timeout ?? TimeSpan.FromSeconds(60));
        return new PeerResult(timedOut ? -1 : process.ExitCode, await stdout, await stderr, timedOut);
    }

    public static Process Start(IEnumerable<string> arguments)
    {
        Assert.True(File.Exists(AssemblyPath), $"{AssemblyPath} is missing: build the solution first");
        var start = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(AssemblyPath);
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start peake");
        process.StandardInput.Close();
        return process;
    }

    /// <summary>True when the process exited in time; otherwise it is killed and false is returned.</summary>
    public static async Task<bool> WaitAsync(Process process, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None);
            return false;
        }
    }

    public static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: false);
        }
        catch (InvalidOperationException)
        {
            // It exited in the meantime.
        }
    }
}
