using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Peake.Cli.Tests.Infrastructure;

/// <summary>
/// Real peake-node processes on 127.0.0.1 forming one cluster (the first node is the seed), with a token generated
/// for the run. Failure detection is shortened and the split brain resolver slowed (--hocon) so that the tests, not
/// the resolver, down the members they kill.
/// </summary>
internal sealed class TestCluster : IAsyncDisposable
{
    public const string TestHocon =
        "akka.cluster.failure-detector.acceptable-heartbeat-pause = 3s\n" +
        "akka.cluster.split-brain-resolver.stable-after = 10m\n";

    private readonly TempFolder _folder = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly List<NodeProcess> _nodes = [];

    private TestCluster()
    {
        // The temp folder is the user's alone (created 0700), like the token file make run writes with mode 600.
        TokenFile = _folder.Write("token", Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(TokenFile));
    }

    public string TokenFile { get; }

    public string Folder => _folder.Path;

    public IReadOnlyList<NodeProcess> Nodes => _nodes;

    /// <summary>Starts one node per site and waits (bounded) until each is ready and the first sees them all Up.</summary>
    public static async Task<TestCluster> StartAsync(params string[] sites)
    {
        var cluster = new TestCluster();
        try
        {
            var seed = cluster.Start(sites[0], seeds: []);
            foreach (var site in sites.Skip(1))
            {
                cluster.Start(site, [seed.Address]);
            }

            await cluster.WaitUntilUpAsync(sites.Length);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>GET a management document straight over HTTP (for the tests' own waiting, not through peake).</summary>
    public async Task<JsonNode?> GetAsync(NodeProcess node, string path)
    {
        try
        {
            return JsonNode.Parse(await _http.GetStringAsync(new Uri($"http://{node.Http}{path}")));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>The members one node lists, as (address, status, reachable).</summary>
    public async Task<IReadOnlyList<(string Address, string Status, bool Reachable)>> MembersAsync(NodeProcess node) =>
        (await GetAsync(node, "/cluster/members"))?["members"]?.AsArray()
            .Select(m => (m!["address"]!.GetValue<string>(), m["status"]!.GetValue<string>(), m["reachable"]?.GetValue<bool>() ?? true))
            .ToList() ?? [];

    public string Diagnostics() => string.Join("\n", _nodes.Select(n => $"--- {n.Site} {n.Address} (exited: {n.HasExited})\n{n.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }

        _http.Dispose();
        await Task.Yield();
        _folder.Dispose();
    }

    private NodeProcess Start(string site, IReadOnlyList<string> seeds)
    {
        var node = NodeProcess.Start(new NodeSettings(site, seeds, _folder.Path, TokenFile, TestHocon));
        _nodes.Add(node);
        return node;
    }

    private async Task WaitUntilUpAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(180);
        foreach (var node in _nodes)
        {
            while (await GetAsync(node, "/ready") is not JsonObject { } ready || ready["ready"]?.GetValue<bool>() != true)
            {
                Assert.False(node.HasExited, $"{node.Site} exited while starting\n{Diagnostics()}");
                Assert.True(DateTime.UtcNow < deadline, $"{node.Site} not ready within 180 s\n{Diagnostics()}");
                await Task.Delay(250);
            }
        }

        while ((await MembersAsync(_nodes[0])).Count(m => m.Status == "Up") < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{count} members not Up within 180 s\n{Diagnostics()}");
            await Task.Delay(250);
        }
    }
}
