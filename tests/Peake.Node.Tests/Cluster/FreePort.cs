using System.Net;
using System.Net.Sockets;

namespace Peake.Node.Tests.Cluster;

internal static class FreePort
{
    /// <summary>A port the OS just handed out on <paramref name="ip"/> (bound, read, released).</summary>
    public static int On(string ip)
    {
        var listener = new TcpListener(IPAddress.Parse(ip), 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
