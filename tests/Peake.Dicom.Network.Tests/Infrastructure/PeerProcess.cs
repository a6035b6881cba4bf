using System.Diagnostics;

namespace Peake.Dicom.Network.Tests.Infrastructure;

/// <summary>
/// Runs a dcmtk network tool as a real peer with a deadline. TCP_NODELAY=1 because Debian's dcmtk leaves Nagle on
/// otherwise. On timeout only the process started here is killed, by its own handle.
/// </summary>
internal static class PeerProcess
{
    public static async Task<PeerResult> RunAsync(string tool, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        start.Environment["TCP_NODELAY"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
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
        return new PeerResult(timedOut ? -1 : process.ExitCode, await stdout, await stderr, timedOut);
    }
}
