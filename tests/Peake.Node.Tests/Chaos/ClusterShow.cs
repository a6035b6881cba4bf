using System.Text.Json;
using Peake.Dicom.Network.Tests.Cli;
using Peake.Management.Contracts;
using Peake.Node.Tests.Cluster;

namespace Peake.Node.Tests.Chaos;

/// <summary>`peake cluster show --json` (the real CLI as a process) against one node: the members document scripts read.</summary>
internal static class ClusterShow
{
    public static async Task<MembersResponse> JsonAsync(NodeProcess node, string tokenFile)
    {
        var result = await PeakeProcess.RunAsync(
            ["cluster", "show", "--json", "--node", $"{node.Ip}:{node.HttpPort}", "--token-file", tokenFile], TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonSerializer.Deserialize<MembersResponse>(result.StandardOutput, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException($"no members document: {result}");
    }
}
