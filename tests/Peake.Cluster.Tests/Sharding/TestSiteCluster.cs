using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;
using Akka.DistributedData;
using Peake.Cluster.Persistence;
using Peake.Cluster.Serialization;

namespace Peake.Cluster.Tests.Sharding;

/// <summary>
/// Several ActorSystems named "peake" in this process, one site role each, joined on loopback ports the OS picks.
/// With a journal file they share one SQLite journal, so an entity can recover on any node.
/// </summary>
internal sealed class TestSiteCluster(string? journalFile = null) : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly List<ActorSystem> _systems = [];
    private readonly JournalDatabase? _database = journalFile is null ? null : JournalDatabase.Sqlite(journalFile);

    public IReadOnlyList<ActorSystem> Live => _systems.Where(s => !s.WhenTerminated.IsCompleted).ToList();

    public async Task<ActorSystem> StartAsync(string site)
    {
        if (_database is not null && _systems.Count == 0)
            await _database.PrepareAsync(CancellationToken.None);
        var system = ActorSystem.Create("peake", Config(site));
        _systems.Add(system);
        var cluster = Akka.Cluster.Cluster.Get(system);
        var seed = Live.FirstOrDefault(s => s != system) is { } first
            ? Akka.Cluster.Cluster.Get(first).SelfAddress
            : cluster.SelfAddress;
        await cluster.JoinAsync(seed).WaitAsync(Deadline);
        return system;
    }

    /// <summary>Leaves the cluster gracefully (shards handed off) and waits until every other node saw it removed.</summary>
    public async Task StopAsync(ActorSystem system)
    {
        var address = Akka.Cluster.Cluster.Get(system).SelfAddress;
        await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClusterLeavingReason.Instance).WaitAsync(Deadline);
        await system.WhenTerminated.WaitAsync(Deadline);
        await Eventually.Until(
            () => Live.All(s => Akka.Cluster.Cluster.Get(s).State.Members.All(m => m.Address != address)),
            TestSiteCluster.Deadline, $"{address} removed everywhere");
    }

    /// <summary>
    /// Stops the node without leaving (a crash: nothing handed off), then downs it from a survivor, as an operator or
    /// the split brain resolver would, and waits until every other node saw it removed.
    /// </summary>
    public async Task CrashAsync(ActorSystem system)
    {
        var address = Akka.Cluster.Cluster.Get(system).SelfAddress;
        await system.Terminate().WaitAsync(Deadline);
        var survivor = Live.First();
        Akka.Cluster.Cluster.Get(survivor).Down(address);
        await Eventually.Until(
            () => Live.All(s => Akka.Cluster.Cluster.Get(s).State.Members.All(m => m.Address != address)),
            TestSiteCluster.Deadline, $"{address} downed and removed everywhere");
    }

    /// <summary>Waits until every live node sees every live node Up and nobody unreachable.</summary>
    public Task SettledAsync() => Eventually.Until(
        () =>
        {
            var live = Live;
            return live.All(s =>
            {
                var state = Akka.Cluster.Cluster.Get(s).State;
                return state.Unreachable.Count == 0
                    && state.Members.Count(m => m.Status == MemberStatus.Up) == live.Count
                    && state.Members.Count == live.Count;
            });
        },
        TestSiteCluster.Deadline, "the cluster settled");

    /// <summary>
    /// Waits until the coordinator of <paramref name="region"/>'s type knows a region on every live node: a shard
    /// requested before its site's region registered is placed at the nearest site and only comes home on rebalance.
    /// </summary>
    public Task RegionsRegisteredAsync(IActorRef region) => Eventually.Until(
        ct => region.Ask<CurrentRegions>(GetCurrentRegions.Instance, TimeSpan.FromSeconds(3), ct),
        r => r.Regions.Count == Live.Count,
        TestSiteCluster.Deadline, "every node's region registered with the coordinator");

    public async ValueTask DisposeAsync()
    {
        foreach (var system in Enumerable.Reverse(_systems))
            await system.Terminate().WaitAsync(Deadline);
    }

    private Config Config(string site) => ConfigurationFactory.ParseString($$"""
        akka.actor.provider = cluster
        # Off on cluster nodes (ADR 0017); every message that crosses a node still goes through PeakeSerializer.
        akka.actor.serialize-messages = off
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        akka.cluster.roles = ["site-{{site}}"]
        # The coordinator re-homes a downed node's shards only after this margin (the split brain resolver's
        # stable-after, 20 s, by default), so the downed side has surely stopped its entities. The test downs a node it
        # has already terminated itself, so a short margin is safe here; production keeps the resolver's.
        akka.cluster.down-removal-margin = 2s
        # Membership rounds five times as often as the 1 s defaults: joins and removals in one process take a
        # fraction of a second instead of seconds. Failure detection keeps its defaults.
        akka.cluster.gossip-interval = 200ms
        akka.cluster.leader-actions-interval = 200ms
        akka.cluster.periodic-tasks-initial-delay = 200ms
        akka.cluster.sharding.state-store-mode = ddata
        akka.cluster.sharding.remember-entities = off
        # Short, so shards come home within the tests' deadlines.
        akka.cluster.sharding.rebalance-interval = 1s
        akka.cluster.sharding.handoff-timeout = 10s
        akka.coordinated-shutdown.phases.cluster-sharding-shutdown-region.timeout = 10s
        # Terminate is a crash here (CrashAsync); a graceful leave is asked for explicitly (StopAsync).
        akka.coordinated-shutdown.run-by-actor-system-terminate = off
        akka.loglevel = {{Environment.GetEnvironmentVariable("PEAKE_TEST_LOGLEVEL") ?? "WARNING"}}
        """)
        // The production journal settings (ADR 0018/0019: SQLite with one writer, replay filter off).
        .WithFallback(_database is null ? ConfigurationFactory.Empty : PersistenceHocon.For(_database))
        .WithFallback(PeakeSerialization.Config)
        .WithFallback(ClusterSharding.DefaultConfig())
        .WithFallback(ClusterSingleton.DefaultConfig())
        .WithFallback(DistributedData.DefaultConfig());
}
