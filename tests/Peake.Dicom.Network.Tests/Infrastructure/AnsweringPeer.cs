using System.Globalization;

namespace Peake.Dicom.Network.Tests.Infrastructure;

/// <summary>
/// A dcmtk server started on a free port and known to answer (an echoscu probe succeeded) before a test uses it. If it
/// lost its port to another process before binding, it is started again.
/// </summary>
internal static class AnsweringPeer
{
    public static async Task<RunningPeer> StartAsync(string tool, Func<int, IEnumerable<string>> arguments, string aeTitle)
    {
        for (var attempt = 1; ; attempt++)
        {
            var peer = RunningPeer.Start(tool, arguments);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            while (!peer.HasExited && DateTime.UtcNow < deadline)
            {
                var probe = await PeerProcess.RunAsync(
                    "echoscu", ["-aec", aeTitle, "-to", "5", "-ta", "5", "-td", "5", "127.0.0.1", peer.Port.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
                if (probe.ExitCode == 0)
                {
                    return peer;
                }
                await Task.Delay(50);
            }
            var output = peer.Output;
            peer.Dispose();
            Assert.True(attempt < 3, $"{tool} did not start answering: {output}");
        }
    }
}
