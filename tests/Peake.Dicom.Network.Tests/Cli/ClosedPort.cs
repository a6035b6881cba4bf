using System.Net;
using System.Net.Sockets;

namespace Peake.Dicom.Network.Tests.Cli;

/// <summary>A loopback port that was free a moment ago: bound, then released, so a connect to it is refused.</summary>
internal static class ClosedPort
{
    public static int Get()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
