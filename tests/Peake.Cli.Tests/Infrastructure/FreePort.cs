using System.Net;
using System.Net.Sockets;

namespace Peake.Cli.Tests.Infrastructure;

/// <summary>
/// A TCP port on 127.0.0.1 that was free a moment ago: bound, then released. As a node's port it may be taken by
/// another process in between (rare; the node then fails at start and the test says so with its output); as a
/// --node target it is a port that refuses connections.
/// </summary>
internal static class FreePort
{
    public static int Get()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
