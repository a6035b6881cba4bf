using System.Text.Json.Nodes;
using Peake.Dicom.Network.Tests.Cli;
using Peake.Node.Tests.Cluster;
using Peake.Node.Tests.Ingest;
using Xunit.Abstractions;

namespace Peake.Node.Tests.Access;

/// <summary>
/// Access records end to end on one node (ADR 0033): a study stored by one hospital, retrieved by another with dcmtk's
/// getscu and by a third through WADO-RS, shows each retrieving hospital as its last access in `peake study show`,
/// with how it was read and the number of records.
/// </summary>
[Trait("Category", "Process")]
public sealed class StudyAccessTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestCluster _cluster = new(output);

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public async Task Given_a_stored_study_When_hospitals_retrieve_it_with_getscu_and_WADO_RS_Then_study_show_names_the_last_one()
    {
        var node = _cluster.StartAlone("east", "--write-quorum", "1", "--dicomweb-trust-header", "true",
            "--hocon", "peake.query.access-record-interval = 500ms");
        await Eventually.Until(
            () => node.HasExited ? throw new InvalidOperationException($"east exited:\n{node.RecentOutput}") : node.ReadyAsync(),
            r => r.Status == 200, TestCluster.Bound, "east ready");
        var uid = $"1.2.826.0.1.3680043.10.{Environment.ProcessId}.{DateTime.UtcNow.Ticks % 1_000_000_000}";
        var file = await DcmtkRun.WriteInstanceAsync(_cluster.PathOf(""), "ACC-1", uid, uid + ".1", uid + ".1.1");
        var store = await DcmtkRun.RunAsync("storescu", "-aet", "POTOMAC_PACS", "-aec", "PEAKE_EAST", node.Ip, $"{node.DicomPort}", file);
        Assert.True(store.ExitCode == 0, store.ToString());
        var before = await ShowAsync(uid);
        Assert.Null(before["lastAccess"]);

        // The read model answers the retrieve once the projection has the instance: until then getscu gets nothing.
        var received = Directory.CreateDirectory(_cluster.PathOf("received")).FullName;
        await Eventually.Until(
            () => DcmtkRun.RunAsync("getscu", "-S", "-aet", "TRINITY_PACS", "-aec", "PEAKE_EAST", node.Ip, $"{node.DicomPort}",
                "-k", "QueryRetrieveLevel=STUDY", "-k", $"StudyInstanceUID={uid}", "-od", received),
            _ => Directory.EnumerateFiles(received).Any(), TestCluster.Bound, "getscu received the instance");
        var byGet = await Eventually.Until(() => ShowAsync(uid), d => Hospital(d) == "TRINITY_PACS", TestCluster.Bound, "the C-GET recorded");
        Assert.Equal("dimse", byGet["lastAccess"]!["via"]!.GetValue<string>());
        Assert.Equal(1, byGet["lastAccess"]!["count"]!.GetValue<long>());

        using var web = new HttpClient { BaseAddress = new Uri($"http://{node.Ip}:{node.HttpPort}") };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/dicomweb/studies/{uid}/metadata");
        request.Headers.Add("X-Peake-Hospital", "LAKESHORE_PACS");
        request.Headers.Add("Accept", "application/dicom+json");
        using var response = await web.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var byWeb = await Eventually.Until(() => ShowAsync(uid), d => Hospital(d) == "LAKESHORE_PACS", TestCluster.Bound, "the WADO-RS read recorded");
        Assert.Equal("wado-rs", byWeb["lastAccess"]!["via"]!.GetValue<string>());
        Assert.Equal(2, byWeb["lastAccess"]!["count"]!.GetValue<long>());
        Assert.True(byWeb["lastAccess"]!["atUtc"]!.GetValue<DateTime>() > byGet["lastAccess"]!["atUtc"]!.GetValue<DateTime>());

        var table = await PeakeProcess.RunAsync(["study", "show", uid, "--node", $"{node.Ip}:{node.HttpPort}", "--token-file", _cluster.TokenFile]);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Matches(@"(?m)^last access \S+Z by LAKESHORE_PACS \(wado-rs\), 2 access records$", table.StandardOutput);
    }

    private static string? Hospital(JsonNode doc) => doc["lastAccess"]?["hospital"]?.GetValue<string>();

    private async Task<JsonNode> ShowAsync(string uid)
    {
        var node = _cluster.Nodes[0];
        var shown = await PeakeProcess.RunAsync(["study", "show", uid, "--json", "--node", $"{node.Ip}:{node.HttpPort}", "--token-file", _cluster.TokenFile]);
        Assert.True(shown.ExitCode == 0, shown.ToString());
        return JsonNode.Parse(shown.StandardOutput)!;
    }
}
