using System.Net;
using System.Net.Sockets;

namespace Peake.Cli.Tests.Infrastructure;

/// <summary>A loopback port that was free a moment ago: bound, then released, so a connect to it is refused.</summary>
internal static class ClosedPort
{
    public static int Get()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
