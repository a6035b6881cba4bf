using System.Globalization;
using Peake.Node.Tests.Cluster;

namespace Peake.Cli.Tests.Infrastructure;

internal static class NodeEndpoints
{
    /// <summary>The node's management endpoint as `peake --node` takes it: "ip:port".</summary>
    public static string Management(this NodeProcess node) =>
        $"{node.Ip}:{node.HttpPort.ToString(CultureInfo.InvariantCulture)}";
}
