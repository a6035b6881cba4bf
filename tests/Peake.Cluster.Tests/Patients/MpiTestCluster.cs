using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;
using Akka.DistributedData;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Peake.Cluster.Patients;
using Peake.Cluster.Persistence;
using Peake.Cluster.Serialization;
using Peake.Cluster.Sites;
using Peake.Cluster.Tests.Persistence;
using Peake.Cluster.Tests.Sharding;

namespace Peake.Cluster.Tests.Patients;

/// <summary>
/// Nodes of the master person index in this process: one ActorSystem per site, joined on loopback ports the OS picks,
/// all on one journal database, each with its own <see cref="MasterPersonIndex"/>.
/// </summary>
internal sealed class MpiTestCluster(JournalDatabase database, TempFolder? ownFolder = null) : IAsyncDisposable
{
    public static readonly SiteMap Sites = new(
    [
        new Site("east", 40.7, -74.0, [new Hospital("East General", "EAST_GEN", "127.0.0.1", 11112)]),
        new Site("west", 37.8, -122.4, [new Hospital("West Memorial", "WEST_MEM", "127.0.0.1", 11113)]),
    ]);

    private readonly List<ActorSystem> _systems = [];

    /// <summary>A cluster on a new SQLite file in a temp folder of its own, removed when the cluster is disposed.</summary>
    public static async Task<MpiTestCluster> OnNewSqliteFileAsync()
    {
        var folder = new TempFolder();
        var database = JournalDatabase.Sqlite(folder.File("journal.db"));
        await database.PrepareAsync(CancellationToken.None);
        return new MpiTestCluster(database, folder);
    }

    public async Task<MasterPersonIndex> StartAsync(string site)
    {
        var system = ActorSystem.Create("peake", Config(site));
        _systems.Add(system);
        var cluster = Akka.Cluster.Cluster.Get(system);
        await cluster.JoinAsync(_systems.Count == 1 ? cluster.SelfAddress : Akka.Cluster.Cluster.Get(_systems[0]).SelfAddress)
            .WaitAsync(TestSiteCluster.Deadline);
        return await PatientSharding.StartIndexAsync(system, Sites);
    }

    /// <summary>
    /// The <paramref name="index"/>th node started leaves gracefully (its shards are handed off) and the others see it
    /// removed; its index must no longer be used.
    /// </summary>
    public async Task LeaveAsync(int index)
    {
        var leaving = _systems[index];
        var address = Akka.Cluster.Cluster.Get(leaving).SelfAddress;
        await CoordinatedShutdown.Get(leaving).Run(CoordinatedShutdown.ClusterLeavingReason.Instance).WaitAsync(TestSiteCluster.Deadline);
        _systems.RemoveAt(index);
        await Eventually.Until(
            () => _systems.All(s => Akka.Cluster.Cluster.Get(s).State.Members.All(m => m.Address != address)),
            TestSiteCluster.Deadline, $"{address} removed everywhere");
    }

    /// <summary>Every node sees every node Up: the race tests need both sites in the game before they start.</summary>
    public Task SettledAsync() => Eventually.Until(
        () => _systems.All(s => Akka.Cluster.Cluster.Get(s).State.Members.Count(m => m.Status == MemberStatus.Up) == _systems.Count),
        TestSiteCluster.Deadline, "every node Up everywhere");

    /// <summary>The events stored under <paramref name="persistenceId"/>, read back through the query journal.</summary>
    public async Task<ImmutableArray<object>> EventsAsync(string persistenceId)
    {
        var system = _systems[0];
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var events = await journal.CurrentEventsByPersistenceId(persistenceId, 0, long.MaxValue)
            .Select(e => e.Event)
            .RunWith(Sink.Seq<object>(), system.Materializer())
            .WaitAsync(TestSiteCluster.Deadline);
        return [.. events];
    }

    /// <summary>Stops every node at once, as a power cut of the whole cluster would (no graceful hand-off).</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_systems.Select(s => s.Terminate())).WaitAsync(TestSiteCluster.Deadline);
        _systems.Clear();
        ownFolder?.Dispose();
    }

    private Config Config(string site) => ConfigurationFactory.ParseString($$"""
        akka.actor.provider = cluster
        # Off on cluster nodes (ADR 0017); every message that crosses a node still goes through PeakeSerializer.
        akka.actor.serialize-messages = off
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        akka.cluster.roles = ["site-{{site}}"]
        akka.cluster.sharding.state-store-mode = ddata
        akka.cluster.sharding.remember-entities = off
        akka.cluster.sharding.rebalance-interval = 1s
        # Membership rounds five times as often as the 1 s defaults: joins and removals in one process take a
        # fraction of a second instead of seconds. Failure detection keeps its defaults.
        akka.cluster.gossip-interval = 200ms
        akka.cluster.leader-actions-interval = 200ms
        akka.cluster.periodic-tasks-initial-delay = 200ms
        # Terminate is a crash here (no leaving, no hand-off): the restart tests need exactly that, and it keeps
        # teardown from waiting on peers that are stopping at the same moment.
        akka.coordinated-shutdown.run-by-actor-system-terminate = off
        akka.loglevel = WARNING
        """)
        .WithFallback(PersistenceHocon.For(database))
        .WithFallback(PeakeSerialization.Config)
        .WithFallback(ClusterSharding.DefaultConfig())
        .WithFallback(ClusterSingleton.DefaultConfig())
        .WithFallback(DistributedData.DefaultConfig());
}
