using Akka.Actor;
using Akka.Cluster.Sharding;
using MessagePack;
using Peake.Cluster.Serialization;
using Peake.Cluster.Sharding;
using Peake.Cluster.Sites;

namespace Peake.Cluster.Tests.Sharding;

/// <summary>Two ActorSystems in this process, one per site, joined into one cluster on loopback ports the OS picks.</summary>
[Trait("Category", "MultiNode")]
public sealed class SiteAffineShardingTests : IAsyncLifetime
{
    private const string TypeName = "probe";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private static readonly SiteMap Sites = new([new Site("a", 0, 0, []), new Site("b", 0, 10, [])]);

    [MessagePackObject, PeakeManifest("t-where1")]
    public sealed record WhereAreYou([property: Key(0)] string HomeSite, [property: Key(1)] string EntityId)
        : ISiteAffineMessage;

    private sealed class ProbeEntity : ReceiveActor
    {
        public ProbeEntity()
        {
            var roles = Context.System.Settings.Config.GetStringList("akka.cluster.roles");
            Receive<WhereAreYou>(_ => Sender.Tell(roles[0]));
        }
    }

    private readonly TestSiteCluster _cluster = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private async Task<(ActorSystem System, IActorRef Region)> StartNode(string site)
    {
        var system = await _cluster.StartAsync(site);
        var region = await ClusterSharding.Get(system).StartAsync(
            TypeName,
            _ => Props.Create(() => new ProbeEntity()),
            ClusterShardingSettings.Create(system),
            new SiteAffineMessageExtractor(10),
            new SiteAwareAllocationStrategy(Sites),
            PoisonPill.Instance);
        return (system, region);
    }

    private static async Task<string> AnswerFrom(IActorRef region, WhereAreYou message, string expected)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        var answer = "";
        while (answer != expected && !timeout.IsCancellationRequested)
        {
            try
            {
                answer = await region.Ask<string>(message, TimeSpan.FromSeconds(2), timeout.Token);
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                // The coordinator may still be starting or handing the shard off.
            }
        }
        return answer;
    }

    [Fact]
    public async Task Given_one_node_per_site_When_entities_of_each_site_are_addressed_from_site_a_Then_each_lives_on_its_home_site()
    {
        var (a, regionA) = await StartNode("a");
        _ = await StartNode("b");

        // The hop to site-b's entity is serialized for real, so it must be ours and not the JSON fallback.
        Assert.IsType<PeakeSerializer>(a.Serialization.FindSerializerFor(new WhereAreYou("b", "PAT-1")));
        Assert.Equal("site-b", await AnswerFrom(regionA, new WhereAreYou("b", "PAT-1"), "site-b"));
        Assert.Equal("site-a", await AnswerFrom(regionA, new WhereAreYou("a", "PAT-2"), "site-a"));
    }

    [Fact]
    public async Task Given_site_b_has_no_node_When_its_node_joins_Then_the_shard_served_by_site_a_comes_home()
    {
        var (a, regionA) = await StartNode("a");
        var ping = new WhereAreYou("b", "PAT-3");

        Assert.Equal("site-a", await AnswerFrom(regionA, ping, "site-a"));

        _ = await StartNode("b");

        Assert.Equal("site-b", await AnswerFrom(regionA, ping, "site-b"));
    }
}
