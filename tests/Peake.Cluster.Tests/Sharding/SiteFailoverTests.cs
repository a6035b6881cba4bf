using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;
using MessagePack;
using Peake.Cluster.Serialization;
using Peake.Cluster.Sharding;
using Peake.Cluster.Sites;

namespace Peake.Cluster.Tests.Sharding;

/// <summary>
/// Five ActorSystems in this process (two nodes at site a, two at b, one at c; b is nearest to a, c is far from
/// both): where shards live while all sites are up, while site a is down, and after it returns.
/// </summary>
[Trait("Category", "MultiNode")]
public sealed class SiteFailoverTests : IAsyncLifetime
{
    private const string TypeName = "where";
    private const int Buckets = 6;
    private static readonly SiteMap Sites = new([new Site("a", 0, 0, []), new Site("b", 0, 10, []), new Site("c", 0, 40, [])]);

    private readonly TestSiteCluster _cluster = new();
    private readonly Dictionary<ActorSystem, IActorRef> _regions = [];

    [MessagePackObject, PeakeManifest("t-where2")]
    public sealed record WhereIs([property: Key(0)] string HomeSite, [property: Key(1)] string EntityId) : ISiteAffineMessage;

    [MessagePackObject, PeakeManifest("t-hosted")]
    public sealed record Hosted([property: Key(0)] string Site, [property: Key(1)] string Address) : IPeakeMessage;

    private sealed class WhereEntity : ReceiveActor
    {
        public WhereEntity()
        {
            var site = SiteRole.SiteOf(Akka.Cluster.Cluster.Get(Context.System).SelfRoles)!;
            var address = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();
            Receive<WhereIs>(_ => Sender.Tell(new Hosted(site, address)));
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private async Task<ActorSystem> Node(string site)
    {
        var system = await _cluster.StartAsync(site);
        _regions[system] = await ClusterSharding.Get(system).StartAsync(
            TypeName,
            _ => Props.Create(() => new WhereEntity()),
            ClusterShardingSettings.Create(system),
            new SiteAffineMessageExtractor(Buckets),
            new SiteAwareAllocationStrategy(Sites),
            PoisonPill.Instance);
        return system;
    }

    // Enough entities per site that every bucket of the site has one.
    private static IEnumerable<WhereIs> EntitiesOf(string site) =>
        Enumerable.Range(0, 40).Select(n => new WhereIs(site, $"{site}-entity-{n}"));

    private IActorRef Region(ActorSystem system) => _regions[system];

    /// <summary>Shard id → site of the node hosting it, from the coordinator's statistics.</summary>
    private async Task<IReadOnlyDictionary<string, (string Site, Address Node)>> ShardSites(ActorSystem from)
    {
        var members = Akka.Cluster.Cluster.Get(from).State.Members.ToImmutableDictionary(m => m.Address, m => SiteRole.SiteOf(m.Roles)!);
        var stats = await Region(from).Ask<ClusterShardingStats>(
            new GetClusterShardingStats(TimeSpan.FromSeconds(5)), TimeSpan.FromSeconds(10));
        return stats.Regions
            .SelectMany(r => r.Value.Stats.Keys.Select(shard => (Shard: shard, Node: r.Key)))
            .ToDictionary(p => p.Shard, p => (members[p.Node], p.Node));
    }

    private static Task<Hosted[]> AskAll(IActorRef region, IEnumerable<WhereIs> messages) =>
        Task.WhenAll(messages.Select(m => region.Ask<Hosted>(m, TimeSpan.FromSeconds(2))));

    /// <summary>Polls until every entity of <paramref name="home"/> answers from <paramref name="expectedSite"/>.</summary>
    private static Task<Hosted[]> ServedFrom(IActorRef region, string home, string expectedSite) => Eventually.Until(
        _ => AskAll(region, EntitiesOf(home)),
        answers => answers.All(h => h.Site == expectedSite),
        TestSiteCluster.Deadline, $"every entity of site {home} answered from site {expectedSite}");

    [Fact]
    public async Task Given_two_nodes_at_sites_a_and_b_When_entities_of_every_site_are_addressed_Then_each_shard_lives_on_a_node_of_its_site()
    {
        var b1 = await Node("b");
        var a1 = await Node("a");
        var a2 = await Node("a");
        var b2 = await Node("b");
        var c1 = await Node("c");
        await _cluster.SettledAsync();
        await _cluster.RegionsRegisteredAsync(Region(b1));

        foreach (var site in new[] { "a", "b", "c" })
            Assert.All(await ServedFrom(Region(c1), site, site), h => Assert.Equal(site, h.Site));

        var shards = await ShardSites(b1);
        Assert.Equal(3 * Buckets, shards.Count);
        Assert.All(shards, s => Assert.Equal(SiteShardId.SiteOf(s.Key), s.Value.Site));
        // Several nodes per site: the site's shards are spread over both of them.
        foreach (var pair in new[] { (a1, a2), (b1, b2) })
        {
            var nodes = new[] { pair.Item1, pair.Item2 }.Select(n => Akka.Cluster.Cluster.Get(n).SelfAddress).ToHashSet();
            Assert.Equal(nodes, shards.Values.Where(v => nodes.Contains(v.Node)).Select(v => v.Node).ToHashSet());
        }
    }

    [Fact]
    public async Task Given_site_a_goes_down_When_its_entities_are_addressed_Then_the_nearest_site_serves_them_until_a_returns()
    {
        var b1 = await Node("b");
        var a1 = await Node("a");
        var a2 = await Node("a");
        _ = await Node("b");
        var c1 = await Node("c");
        await _cluster.SettledAsync();
        await _cluster.RegionsRegisteredAsync(Region(b1));
        await ServedFrom(Region(c1), "a", "a");

        // One node leaves gracefully (its shards are handed off to the other), then the other crashes and is downed
        // (nothing handed off: the coordinator reallocates when the node is removed).
        await _cluster.StopAsync(a2);
        await _cluster.CrashAsync(a1);

        await ServedFrom(Region(c1), "a", "b");
        Assert.All(await ShardSites(b1), s => Assert.Equal(SiteShardId.SiteOf(s.Key) == "a" ? "b" : SiteShardId.SiteOf(s.Key), s.Value.Site));
        Assert.All(await ServedFrom(Region(c1), "c", "c"), h => Assert.Equal("c", h.Site));

        var a3 = await Node("a");
        await _cluster.SettledAsync();

        var home = Akka.Cluster.Cluster.Get(a3).SelfAddress.ToString();
        Assert.All(await ServedFrom(Region(b1), "a", "a"), h => Assert.Equal(home, h.Address));
        Assert.All(await ShardSites(c1), s => Assert.Equal(SiteShardId.SiteOf(s.Key), s.Value.Site));
    }
}
