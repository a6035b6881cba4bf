using System.Net;
using System.Net.Sockets;

namespace Peake.Dicom.Network.Tests.Infrastructure;

/// <summary>
/// A TCP port on 127.0.0.1 that was free a moment ago, for peers that need their port in a config file before they
/// start. Another process can take it in between: the harnesses that use it retry when their peer exits at start.
/// </summary>
internal static class LoopbackPort
{
    public static int Free()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>True once something accepts TCP connections on the port.</summary>
    public static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
