using System.Globalization;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Cli;

/// <summary>
/// dcmtk's storescp writing into a folder, started on a free port and known to answer (an echoscu probe succeeded)
/// before a test points `peake` at it. If it lost its port to another process before binding, it is started again.
/// </summary>
internal static class Storescp
{
    public const string AeTitle = "STORESCP";

    /// <summary>With <paramref name="acceptAllSyntaxes"/> false, storescp's default: uncompressed syntaxes only.</summary>
    public static async Task<RunningPeer> StartAsync(string outputDirectory, bool acceptAllSyntaxes = true)
    {
        Directory.CreateDirectory(outputDirectory);
        for (var attempt = 1; ; attempt++)
        {
            var peer = RunningPeer.Start("storescp", port => ["-aet", AeTitle, .. acceptAllSyntaxes ? ["+xa"] : Array.Empty<string>(), "+B", "-od", outputDirectory, port.ToString(CultureInfo.InvariantCulture)]);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            while (!peer.HasExited && DateTime.UtcNow < deadline)
            {
                var probe = await PeerProcess.RunAsync(
                    "echoscu", ["-aec", AeTitle, "-to", "5", "-ta", "5", "-td", "5", "127.0.0.1", peer.Port.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
                if (probe.ExitCode == 0)
                {
                    return peer;
                }
                await Task.Delay(50);
            }
            peer.Dispose();
            Assert.True(attempt < 3, "storescp did not start answering");
        }
    }
}
