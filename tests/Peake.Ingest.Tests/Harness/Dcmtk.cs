using System.Diagnostics;

namespace Peake.Ingest.Tests.Harness;

/// <summary>Runs a dcmtk tool as a real peer: Nagle off (TCP_NODELAY=1), bounded in time, killed by its own PID on expiry.</summary>
internal static class Dcmtk
{
    public sealed record Run(int ExitCode, string Output);

    public static async Task<Run> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["TCP_NODELAY"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{tool} {string.Join(' ', arguments)} did not finish in time");
        }
        return new Run(process.ExitCode, await stdout + await stderr);
    }

    /// <summary>storescu from <paramref name="callingAe"/> to a node's gateway, verbose (statuses are in the output).</summary>
    public static Task<Run> StoreAsync(IngestNode node, string callingAe, params string[] files) =>
        RunAsync("storescu", ["-v", "-aet", callingAe, "-aec", node.AeTitle, "127.0.0.1", node.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. files]);
}
