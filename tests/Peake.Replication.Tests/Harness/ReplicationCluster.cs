using System.Collections.Immutable;
using System.Net;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Peake.Cluster.Persistence;
using Peake.Cluster.Serialization;
using Peake.Cluster.Sites;
using Peake.Cluster.Studies;
using Peake.Replication.Coordinator;
using Peake.Replication.Nodes;
using Peake.Replication.Replicas;
using Peake.Storage;
using Peake.Transfer;

namespace Peake.Replication.Tests.Harness;

/// <summary>
/// Several nodes in this process, each an ActorSystem named "peake" with one site role, a real blob store in a temporary
/// folder and a real Kestrel transfer endpoint on 127.0.0.1 (OS-chosen ports), all sharing one SQLite journal so the
/// coordinator reads the catalog the way a node does. Three sites north → middle → south, 10° of latitude apart.
/// </summary>
internal sealed class ReplicationCluster : IAsyncDisposable
{
    public const string Secret = "test-cluster-secret";

    /// <summary>The bound of every wait: a join, a singleton starting or handing over, a repair of a test blob.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    public static readonly SiteMap Sites = new([
        new Site("north", 60, 10, []),
        new Site("middle", 50, 10, []),
        new Site("south", 40, 10, []),
    ]);

    private readonly string _root = Directory.CreateTempSubdirectory("peake-replication-").FullName;
    private readonly JournalDatabase _journal;
    // In start order (the order StartNodeAsync was called in, which a concurrent start keeps): Live[0] is the oldest.
    private readonly SortedList<int, ReplicationNode> _nodes = new();
    private int _begun;
    private readonly string _extraHocon;
    private IActorRef? _catalog;
    private readonly CancellationTokenSource _stopping = new();
    private int _blobGets;
    private volatile string? _delayedFetcher;

    public ReplicationCluster(ReplicationSettings settings, string extraHocon = "")
    {
        Settings = settings;
        _extraHocon = extraHocon;
        _journal = JournalDatabase.Sqlite(Path.Combine(_root, "journal.db"));
    }

    public ReplicationSettings Settings { get; }

    /// <summary>Delays every inventory answer (GET /internal/blobs) by this much: a node with a very large store.</summary>
    public TimeSpan InventoryDelay { get; init; }

    /// <summary>Holds the first blob GET of the cluster (a fetch) this long before answering it: a transfer in flight.</summary>
    public TimeSpan FirstBlobGetDelay { get; init; }

    /// <summary>The address of the node whose fetch <see cref="FirstBlobGetDelay"/> is holding, once one is.</summary>
    public string? DelayedFetcher => _delayedFetcher;

    public IReadOnlyList<ReplicationNode> Live
    {
        get
        {
            lock (_nodes)
                return [.. _nodes.Values.Where(n => n.Running)];
        }
    }

    /// <summary>Fast settings for tests: short ticks, sweeps and grace.</summary>
    public static ReplicationSettings Fast(TimeSpan? grace = null) => new()
    {
        Grace = grace ?? TimeSpan.FromSeconds(2),
        Tick = TimeSpan.FromMilliseconds(200),
        AntiEntropyInterval = TimeSpan.FromSeconds(1),
        DirectoryRefresh = TimeSpan.FromSeconds(1),
        RequestTimeout = TimeSpan.FromSeconds(15),
        RepairsPerSecond = 50,
    };

    /// <summary>
    /// Starts a node per site: the first alone (the oldest, where the coordinator singleton runs), then the others at
    /// once, all joining it, so that their joins share the same gossip rounds instead of waiting for them one by one.
    /// </summary>
    public async Task<ReplicationNode[]> StartAsync(params string[] sites)
    {
        if (sites.Length == 0)
            return [];
        var first = await StartNodeAsync(sites[0]);
        var others = await Task.WhenAll(sites.Skip(1).Select(site => StartNodeAsync(site)));
        await SettledAsync();
        return [first, .. others];
    }

    /// <summary>Starts a node of <paramref name="site"/>; with <paramref name="storeRoot"/> it reuses that blob store (a node coming back).</summary>
    public async Task<ReplicationNode> StartNodeAsync(string site, string? storeRoot = null)
    {
        // Taken before the first await: nodes started together keep the order they were asked for.
        var index = Interlocked.Increment(ref _begun) - 1;
        if (index == 0)
            await _journal.PrepareAsync(CancellationToken.None);
        var system = ActorSystem.Create("peake", Config(site));
        var cluster = Akka.Cluster.Cluster.Get(system);
        var seed = Live.FirstOrDefault() is { } first ? Akka.Cluster.Cluster.Get(first.System).SelfAddress : cluster.SelfAddress;
        await cluster.JoinAsync(seed).WaitAsync(ReplicationCluster.Deadline);

        var root = storeRoot ?? Directory.CreateDirectory(Path.Combine(_root, $"node-{index}")).FullName;
        var store = BlobStore.Open(new BlobStoreOptions(root) { ReserveBytes = 0 });
        var events = new ReplicaBlobEvents();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var inventoryDelay = InventoryDelay;
        if (inventoryDelay > TimeSpan.Zero)
        {
            app.Use(async (context, next) =>
            {
                if (HttpMethods.IsGet(context.Request.Method) && context.Request.Path.Value?.TrimEnd('/') == BlobTransferEndpoints.Prefix)
                    await Task.Delay(inventoryDelay);
                await next();
            });
        }
        if (FirstBlobGetDelay > TimeSpan.Zero)
        {
            app.Use(async (context, next) =>
            {
                if (HttpMethods.IsGet(context.Request.Method)
                    && context.Request.Path.StartsWithSegments(BlobTransferEndpoints.Prefix, out var rest) && rest.HasValue
                    && Interlocked.Increment(ref _blobGets) == 1)
                {
                    _delayedFetcher = context.Request.Headers[FetcherHeader].ToString();
                    using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
                    await Task.Delay(FirstBlobGetDelay, either.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                }
                await next();
            });
        }
        app.MapBlobTransfer(store, Secret, events);
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        // Names the fetching node to the sources' test middleware (FirstBlobGetDelay).
        http.DefaultRequestHeaders.Add(FetcherHeader, cluster.SelfAddress.ToString());
        var client = new BlobTransferClient(http, Secret);
        var self = new NodeInfo(cluster.SelfAddress.ToString(), site, url, "127.0.0.1", 0, "PEAKE_" + site.ToUpperInvariant(), null, 0, 0);
        var handles = await ReplicationStartup.StartAsync(system, Sites, store, self, client, Settings);
        events.Attach(handles.Replica);
        var node = new ReplicationNode(system, site, root, store, app, http, handles);
        lock (_nodes)
            _nodes.Add(index, node);
        return node;
    }

    /// <summary>
    /// Stops the node without leaving (a crash), then downs it from a survivor, as the split brain resolver would, and
    /// waits until every other node saw it removed. Its blob store folder stays on disk.
    /// </summary>
    public async Task CrashAsync(ReplicationNode node)
    {
        await node.App.StopAsync();
        await node.System.Terminate().WaitAsync(ReplicationCluster.Deadline);
        Akka.Cluster.Cluster.Get(Live.First().System).Down(Akka.Actor.Address.Parse(node.Address));
        await Eventually.Until(
            () => Live.All(s => Akka.Cluster.Cluster.Get(s.System).State.Members.All(m => m.Address.ToString() != node.Address)),
            ReplicationCluster.Deadline, $"{node} removed everywhere");
    }

    /// <summary>
    /// Stops the node gracefully, as a SIGTERM would: coordinated shutdown leaves the cluster (Exiting, then removed),
    /// then the endpoint stops. Its blob store folder stays on disk. Waits until every other node saw it removed.
    /// </summary>
    public async Task LeaveAsync(ReplicationNode node)
    {
        await CoordinatedShutdown.Get(node.System).Run(CoordinatedShutdown.ClusterLeavingReason.Instance).WaitAsync(ReplicationCluster.Deadline);
        await node.System.Terminate().WaitAsync(ReplicationCluster.Deadline);
        await node.App.StopAsync();
        await Eventually.Until(
            () => Live.All(s => Akka.Cluster.Cluster.Get(s.System).State.Members.All(m => m.Address.ToString() != node.Address)),
            ReplicationCluster.Deadline, $"{node} removed everywhere");
    }

    public Task SettledAsync() => Eventually.Until(
        () =>
        {
            var live = Live;
            return live.All(n =>
            {
                var state = Akka.Cluster.Cluster.Get(n.System).State;
                return state.Unreachable.Count == 0
                    && state.Members.Count(m => m.Status == MemberStatus.Up) == live.Count
                    && state.Members.Count == live.Count
                    && n.Handles.Directory.Live.Count == live.Count;
            });
        },
        ReplicationCluster.Deadline, "the cluster settled and every directory lists every node");

    /// <summary>Persists the catalog event of a stored instance, as the study actor does after a quorum write.</summary>
    public async Task CatalogueAsync(BlobInfo blob, string homeSite)
    {
        var system = Live[0].System;
        _catalog ??= system.ActorOf(Props.Create(() => new CatalogWriter(Guid.NewGuid().ToString("N"))));
        var uid = "1.2.826.0.1." + Convert.ToUInt64(blob.Hash[..12], 16);
        await _catalog.Ask<string>(
            new InstanceStored(uid + ".1", uid + ".1.1", "1.2.840.10008.5.1.4.1.1.7", "1.2.840.10008.1.2.1", blob.Hash, blob.Size, homeSite, "0123456789abcdef0123456789abcdef"),
            ReplicationCluster.Deadline);
    }

    public Task<ReplicaReport> ReportAsync() =>
        Live[0].Handles.CoordinatorProxy.Ask<ReplicaReport>(CheckReplicas.Instance, TimeSpan.FromSeconds(5));

    public async Task<NodeRef[]> CopiesAsync(string hash) =>
        (await Live[0].Handles.CoordinatorProxy.Ask<CopiesView>(new GetCopies([hash]), TimeSpan.FromSeconds(5))).Entries.Single().Copies;

    /// <summary>The running nodes whose disk holds the blob.</summary>
    public IReadOnlyList<ReplicationNode> HoldersOnDisk(string hash) => [.. Live.Where(n => n.Holds(hash))];

    /// <summary>Waits until the blob is on exactly <paramref name="copies"/> running nodes' disks and the coordinator reports the same nodes.</summary>
    public Task CopiesSettledAsync(BlobInfo blob, int copies) => Eventually.Until(
        async () =>
        {
            var onDisk = HoldersOnDisk(blob.Hash).Select(n => n.Address).Order().ToList();
            var reported = (await CopiesAsync(blob.Hash)).Select(c => c.Address).Order().ToList();
            return onDisk.Count == copies && onDisk.SequenceEqual(reported);
        },
        ReplicationCluster.Deadline, $"{blob.Hash[..12]} on exactly {copies} live nodes, as the coordinator reports");

    /// <summary>Writes the bytes straight into the given nodes' stores (as an earlier run would have) and catalogues them.</summary>
    public async Task<BlobInfo> PlaceAsync(ReplicationNode[] on, string home = "north")
    {
        var bytes = RandomBytes(64 * 1024 + Random.Shared.Next(1000));
        BlobInfo? blob = null;
        foreach (var node in on)
            blob = await node.Store.WriteAsync(new MemoryStream(bytes));
        await CatalogueAsync(blob!, home);
        return blob!;
    }

    /// <summary>Four nodes (north, north, middle, south) and one blob settled on the first three.</summary>
    public async Task<(ReplicationNode[] Nodes, BlobInfo Blob)> StartWithOneBlobAsync()
    {
        var nodes = await StartAsync("north", "north", "middle", "south");
        var blob = await PlaceAsync([nodes[0], nodes[1], nodes[2]]);
        await CopiesSettledAsync(blob, 3);
        return (nodes, blob);
    }

    public static byte[] RandomBytes(int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    private const string FetcherHeader = "X-Test-Fetcher";

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var node in _nodes.Values.Reverse().Where(n => n.Running))
        {
            await node.App.StopAsync();
            await node.System.Terminate().WaitAsync(ReplicationCluster.Deadline);
        }
        foreach (var node in _nodes.Values)
        {
            await node.App.DisposeAsync();
            node.Http.Dispose();
        }
        // Only now: the held fetch's middleware links its token to it until its endpoint has stopped.
        _stopping.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held for a moment; the OS cleans temporary folders.
        }
    }

    private Config Config(string site) => ConfigurationFactory.ParseString($$"""
        akka.actor.provider = cluster
        # Off on cluster nodes (ADR 0017); every message that crosses a node still goes through PeakeSerializer.
        akka.actor.serialize-messages = off
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        akka.cluster.roles = ["site-{{site}}"]
        # The tests down nodes they terminated themselves: a short margin is safe here.
        akka.cluster.down-removal-margin = 1s
        akka.coordinated-shutdown.run-by-actor-system-terminate = off
        # Membership rounds five times as often as the 1 s defaults: joins, removals and the singleton's move after
        # a crash take a fraction of a second in one process instead of seconds. Failure detection keeps its
        # defaults, so what counts as unreachable (and when) is as in production.
        akka.cluster.gossip-interval = 200ms
        akka.cluster.leader-actions-interval = 200ms
        akka.cluster.unreachable-nodes-reaper-interval = 200ms
        akka.cluster.periodic-tasks-initial-delay = 200ms
        akka.cluster.singleton.hand-over-retry-interval = 200ms
        akka.cluster.singleton-proxy.singleton-identification-interval = 200ms
        akka.loglevel = {{Environment.GetEnvironmentVariable("PEAKE_TEST_LOGLEVEL") ?? "WARNING"}}
        {{_extraHocon}}
        """)
        .WithFallback(PersistenceHocon.For(_journal))
        .WithFallback(PeakeSerialization.Config)
        .WithFallback(ClusterSingleton.DefaultConfig());
}
