using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;
using Akka.DistributedData;
using Akka.Configuration;
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

    private readonly List<ActorSystem> _systems = [];

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

    private static Config NodeConfig(string site) => ConfigurationFactory.ParseString($$"""
        akka.actor.provider = cluster
        # Off on cluster nodes (ADR 0017): Akka would also round-trip its own local cluster events through the JSON
        # fallback, which drops Member.upNumber. WhereAreYou still crosses the wire through PeakeSerializer here.
        akka.actor.serialize-messages = off
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        akka.cluster.roles = ["site-{{site}}"]
        akka.cluster.sharding.state-store-mode = ddata
        akka.cluster.sharding.remember-entities = off
        # Short so a shard placed before the site-b region registered comes home within the test's deadline.
        akka.cluster.sharding.rebalance-interval = 1s
        akka.loglevel = WARNING
        """)
        // The modules' serializer bindings must be known before the first remote message, not when the extension loads.
        .WithFallback(PeakeSerialization.Config)
        .WithFallback(ClusterSharding.DefaultConfig())
        .WithFallback(ClusterSingleton.DefaultConfig())
        .WithFallback(DistributedData.DefaultConfig());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var system in Enumerable.Reverse(_systems))
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
    }

    private async Task<(ActorSystem System, IActorRef Region)> StartNode(string site, Address? seed)
    {
        var system = ActorSystem.Create("peake", NodeConfig(site));
        _systems.Add(system);
        var cluster = Akka.Cluster.Cluster.Get(system);
        await cluster.JoinAsync(seed ?? cluster.SelfAddress).WaitAsync(Deadline);
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
        var (a, regionA) = await StartNode("a", null);
        _ = await StartNode("b", Akka.Cluster.Cluster.Get(a).SelfAddress);

        // The hop to site-b's entity is serialized for real, so it must be ours and not the JSON fallback.
        Assert.IsType<PeakeSerializer>(a.Serialization.FindSerializerFor(new WhereAreYou("b", "PAT-1")));
        Assert.Equal("site-b", await AnswerFrom(regionA, new WhereAreYou("b", "PAT-1"), "site-b"));
        Assert.Equal("site-a", await AnswerFrom(regionA, new WhereAreYou("a", "PAT-2"), "site-a"));
    }

    [Fact]
    public async Task Given_site_b_has_no_node_When_its_node_joins_Then_the_shard_served_by_site_a_comes_home()
    {
        var (a, regionA) = await StartNode("a", null);
        var ping = new WhereAreYou("b", "PAT-3");

        Assert.Equal("site-a", await AnswerFrom(regionA, ping, "site-a"));

        _ = await StartNode("b", Akka.Cluster.Cluster.Get(a).SelfAddress);

        Assert.Equal("site-b", await AnswerFrom(regionA, ping, "site-b"));
    }
}
