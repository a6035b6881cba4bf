using System.Diagnostics;

namespace Peake.Cli.Tests.Infrastructure;

/// <summary>
/// Runs `peake` as a real process (`dotnet peake.dll ...`) in a folder and environment the test chooses, with the
/// management variables cleared unless the test sets them, so nothing of the machine's own set-up leaks in.
/// </summary>
internal sealed class PeakeCli(string workingDirectory)
{
    private static readonly string AssemblyPath = Path.Combine(AppContext.BaseDirectory, "peake.dll");

    public Dictionary<string, string?> Environment { get; } = new()
    {
        ["PEAKE_MANAGEMENT_TOKEN"] = null,
        ["PEAKE_RUN_FILE"] = null,
    };

    // `dotnet test` tells child processes which host it runs on; fall back to the one on PATH.
    public static string DotnetHost =>
        System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public async Task<CliResult> RunAsync(params string[] arguments)
    {
        Assert.True(File.Exists(AssemblyPath), $"{AssemblyPath} is missing: build the solution first");
        var start = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(AssemblyPath);
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
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            try
            {
                process.Kill(entireProcessTree: false);
            }
            catch (InvalidOperationException)
            {
                // It exited between the deadline and the kill.
            }

            await process.WaitForExitAsync(CancellationToken.None);
        }

        return new CliResult(timedOut ? -1 : process.ExitCode, await stdout, await stderr, timedOut);
    }
}
