using System.Diagnostics;
using Xunit;

namespace Peake.Testing;

/// <summary>
/// The npm <c>dicomweb-client</c> (with <c>xhr2</c>, Node has no XMLHttpRequest), installed once per test run with
/// <c>npm ci</c> from the committed lock file into the test's output folder, so a clean CI machine gets the exact
/// versions; an install already matching the lock file is reused. Its scripts (dicomweb-client/*.js) print one JSON
/// line the C# test asserts on: smoke.js against one node's routes, study.js a stored study through a cluster node.
/// </summary>
public static class NodeClient
{
    private static readonly SemaphoreSlim Installing = new(1, 1);
    private static bool _installed;

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "dicomweb-client");

    /// <summary>Runs <c>node script arguments…</c> (the script must succeed); returns the last line it printed.</summary>
    public static async Task<string> RunScriptAsync(string script, params string[] arguments)
    {
        await EnsureInstalledAsync();
        var (code, stdout, stderr) = await RunAsync("node", [script, .. arguments], TimeSpan.FromSeconds(60));
        Assert.True(code == 0, $"node {script} failed ({code}): {stderr}{stdout}");
        return stdout.Trim().Split('\n')[^1];
    }

    private static async Task EnsureInstalledAsync()
    {
        await Installing.WaitAsync();
        try
        {
            if (_installed)
            {
                return;
            }

            // npm ci writes node_modules/.package-lock.json; equal to the lock's packages means already installed.
            var marker = Path.Combine(Folder, "node_modules", ".package-lock.json");
            if (!File.Exists(marker) || !File.Exists(Path.Combine(Folder, "node_modules", "dicomweb-client", "package.json")))
            {
                var (code, stdout, stderr) = await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], TimeSpan.FromMinutes(5));
                Assert.True(code == 0, $"npm ci failed ({code}): {stderr}{stdout}");
            }

            _installed = true;
        }
        finally
        {
            Installing.Release();
        }
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string program, string[] arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var cancel = new CancellationTokenSource(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var stderr = process.StandardError.ReadToEndAsync(cancel.Token);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in {timeout}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
