using System.Diagnostics;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Node.Tests.Replication;

/// <summary>
/// A dcmtk tool as a real peer, bounded in time; TCP_NODELAY=1 because Debian's dcmtk leaves Nagle on otherwise. On
/// timeout only the process started here is killed, by its handle. Each output line can be watched as it comes
/// (storescu's "Received Store Response" lines are how a test knows how far a run has got).
/// </summary>
internal static class Dcmtk
{
    public static async Task<PeerResult> RunAsync(string tool, IEnumerable<string> arguments, TimeSpan timeout, Action<string>? onLine = null)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
            start.ArgumentList.Add(a);
        start.Environment["TCP_NODELAY"] = "1";
        using var process = new Process { StartInfo = start };
        var stdout = new List<string>();
        var stderr = new List<string>();
        process.OutputDataReceived += (_, e) => Keep(stdout, e.Data, onLine);
        process.ErrorDataReceived += (_, e) => Keep(stderr, e.Data, onLine);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // At the deadline only this process is killed, by its handle; it may have exited in the meantime.
        var timedOut = false;
        using (var deadline = new CancellationTokenSource(timeout))
        using (deadline.Token.Register(() =>
               {
                   timedOut = true;
                   try
                   {
                       process.Kill(entireProcessTree: false);
                   }
                   catch (InvalidOperationException)
                   {
                   }
               }))
        {
            await process.WaitForExitAsync(CancellationToken.None);
        }
        // WaitForExit without a token drains the asynchronous readers.
        process.WaitForExit();
        lock (stdout)
        lock (stderr)
            return new PeerResult(timedOut ? -1 : process.ExitCode, string.Join('\n', stdout), string.Join('\n', stderr), timedOut);
    }

    private static void Keep(List<string> lines, string? line, Action<string>? onLine)
    {
        // storescu's progress dots ("XMIT: ....") say nothing a test reads.
        if (line is null || line.StartsWith("XMIT:", StringComparison.Ordinal))
            return;
        lock (lines)
            lines.Add(line);
        onLine?.Invoke(line);
    }
}
