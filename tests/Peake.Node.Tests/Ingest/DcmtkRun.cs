using System.Diagnostics;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Node.Tests.Ingest;

/// <summary>
/// Runs a dcmtk tool (echoscu, storescu, dump2dcm) with Nagle off (Debian's dcmtk needs TCP_NODELAY=1 in its
/// environment, or every exchange waits ~40 ms), bounded in time: past the deadline it is killed by its handle.
/// </summary>
internal static class DcmtkRun
{
    public static async Task<PeerResult> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["TCP_NODELAY"] = "1";
        foreach (var a in arguments)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
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
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
        }
        return new PeerResult(timedOut ? -1 : process.ExitCode, await stdout, await stderr, timedOut);
    }

    /// <summary>
    /// A small CT instance written by dump2dcm from a text dump (with File Meta, explicit VR little endian): enough
    /// for the gateway (SOP class and instance, patient, study, series) without any writer of ours in the loop.
    /// </summary>
    public static async Task<string> WriteInstanceAsync(string folder, string patientId, string study, string series, string sop)
    {
        var dump = Path.Combine(folder, $"{sop}.dump");
        var file = Path.Combine(folder, $"{sop}.dcm");
        await File.WriteAllTextAsync(dump, $"""
            (0008,0016) UI =CTImageStorage
            (0008,0018) UI [{sop}]
            (0008,0060) CS [CT]
            (0010,0010) PN [Ops^Test]
            (0010,0020) LO [{patientId}]
            (0020,000d) UI [{study}]
            (0020,000e) UI [{series}]
            (0020,0013) IS [1]

            """);
        var made = await RunAsync("dump2dcm", "-g", "+te", dump, file);
        Assert.True(made.ExitCode == 0, made.ToString());
        return file;
    }
}
