using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.Singleton;
using Akka.Configuration;
using Akka.DistributedData;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Peake.Cluster.Patients;
using Peake.Cluster.Persistence;
using Peake.Cluster.Serialization;
using Peake.Cluster.Sites;
using Peake.Cluster.Studies;
using Peake.Replication;
using Peake.Replication.Coordinator;
using Peake.Replication.Nodes;
using Peake.Replication.Replicas;
using Peake.Storage;
using Peake.Transfer;

namespace Peake.Ingest.Tests.Harness;

/// <summary>
/// Nodes of a real cluster in this process, one ActorSystem per node on loopback ports the OS picks, sharing one
/// SQLite journal in a temp folder: each with its own blob store, blob transfer endpoint on Kestrel, replication
/// (replica, node directory, coordinator singleton, quorum writer), master person index, study region and an
/// <see cref="IngestGateway"/> started on a free port. What a peake-node wires, minus the management routes.
/// </summary>
internal sealed class IngestTestCluster : IAsyncDisposable
{
    /// <summary>The bound of every wait on these in-process clusters (join, settle, a copy arriving).</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);

    public const string Secret = "test-cluster-secret";
    public const int Buckets = 10;

    /// <summary>Three sites, each with one hospital that listens on a port nobody uses (reports are not sent there).</summary>
    public static readonly SiteMap Sites = new(
    [
        new Site("a", 0, 0, [new Hospital("Hospital A", "HOSP_A", "127.0.0.1", 1)]),
        new Site("b", 0, 10, [new Hospital("Hospital B", "HOSP_B", "127.0.0.1", 1)]),
        new Site("c", 0, 40, [new Hospital("Hospital C", "HOSP_C", "127.0.0.1", 1)]),
    ]);

    private readonly TempFolder _folder = new();
    private readonly JournalDatabase _journal;
    private readonly List<IngestNode> _nodes = [];

    public IngestTestCluster() => _journal = JournalDatabase.Sqlite(Path.Combine(_folder.Path, "journal.db"));

    public IReadOnlyList<IngestNode> Nodes => _nodes;

    public string JournalFile => Path.Combine(_folder.Path, "journal.db");

    /// <summary>Starts one node per site named, waits until all are Up and know each other, then starts their gateways.</summary>
    public static async Task<IngestTestCluster> StartAsync(Func<string, IngestGatewayOptions, IngestGatewayOptions>? configure, params string[] sites)
    {
        var cluster = new IngestTestCluster();
        try
        {
            await cluster._journal.PrepareAsync(CancellationToken.None);
            foreach (var site in sites)
                await cluster.StartNodeAsync(site, configure);
            await cluster.SettledAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task StartNodeAsync(string site, Func<string, IngestGatewayOptions, IngestGatewayOptions>? configure)
    {
        var index = _nodes.Count;
        var system = ActorSystem.Create("peake", Config(site));
        var node = new IngestNode(site, system);
        _nodes.Add(node);
        var cluster = Akka.Cluster.Cluster.Get(system);
        await cluster.JoinAsync(index == 0 ? cluster.SelfAddress : Akka.Cluster.Cluster.Get(_nodes[0].System).SelfAddress)
            .WaitAsync(IngestTestCluster.Deadline);

        node.Store = BlobStore.Open(new BlobStoreOptions(_folder.Sub($"node{index}")) { ReserveBytes = 0 });
        var events = new ReplicaBlobEvents();
        node.Web = await StartTransferAsync(node.Store, events);
        var transferUrl = node.Web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var dicomPort = FreePort();
        var ae = $"PEAKE_{site.ToUpperInvariant()}";
        var capacity = new NodeInfo(cluster.SelfAddress.ToString(), site, transferUrl, "127.0.0.1", dicomPort, ae, null, 0, 0);
        node.Http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        node.Replication = await ReplicationStartup.StartAsync(
            system, Sites, node.Store, capacity, new BlobTransferClient(node.Http, Secret), Settings);
        events.Attach(node.Replication.Replica);
        node.Patients = await PatientSharding.StartIndexAsync(system, Sites);
        node.Studies = await StudySharding.StartAsync(system, Sites, Buckets);

        var options = new IngestGatewayOptions
        {
            AeTitle = ae,
            Address = IPAddress.Loopback,
            Port = dicomPort,
            QuorumTimeout = TimeSpan.FromSeconds(10),
            CommitmentWait = TimeSpan.FromSeconds(20),
        };
        node.GatewayOptions = configure?.Invoke(site, options) ?? options;
    }

    /// <summary>Every node Up everywhere, every node in every node directory, every study region registered; then gateways start.</summary>
    private async Task SettledAsync()
    {
        await Eventually.Until(
            () => _nodes.All(n => Akka.Cluster.Cluster.Get(n.System).State.Members.Count(m => m.Status == MemberStatus.Up) == _nodes.Count),
            IngestTestCluster.Deadline, "every node Up everywhere");
        foreach (var node in _nodes)
            await node.Replication.Directory.WaitForAsync(_nodes.Count, IngestTestCluster.Deadline, CancellationToken.None);
        await Eventually.Until(
            async () => (await _nodes[0].Studies.Ask<CurrentRegions>(GetCurrentRegions.Instance, TimeSpan.FromSeconds(3))).Regions.Count == _nodes.Count,
            IngestTestCluster.Deadline, "every study region registered");
        foreach (var node in _nodes)
        {
            node.Gateway = IngestGateway.Create(
                node.GatewayOptions, node.System, Sites, node.Store, node.Replication, node.Patients, node.Studies);
            node.Gateway.Start();
        }
    }

    /// <summary>How many of the nodes' stores hold <paramref name="hash"/>.</summary>
    public int CopiesOf(string hash) => _nodes.Count(n => n.Store.Exists(hash));

    /// <summary>Rows of the journal's tag table for "instance": one per InstanceStored ever written.</summary>
    public long TaggedInstanceEvents()
    {
        using var connection = new SqliteConnection($"Data Source={JournalFile}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM tags WHERE tag = 'instance'";
        return (long)command.ExecuteScalar()!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Enumerable.Reverse(_nodes))
            await node.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private static readonly ReplicationSettings Settings = new()
    {
        Grace = TimeSpan.FromSeconds(5),
        AntiEntropyInterval = TimeSpan.FromSeconds(5),
        DirectoryRefresh = TimeSpan.FromSeconds(1),
        Tick = TimeSpan.FromMilliseconds(200),
        RequestTimeout = TimeSpan.FromSeconds(20),
    };

    private static async Task<WebApplication> StartTransferAsync(BlobStore store, IBlobTransferEvents events)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapBlobTransfer(store, Secret, events);
        await app.StartAsync();
        return app;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private Config Config(string site) => ConfigurationFactory.ParseString($$"""
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
        akka.cluster.roles = ["site-{{site}}"]
        akka.cluster.sharding.state-store-mode = ddata
        akka.cluster.sharding.remember-entities = off
        akka.cluster.sharding.rebalance-interval = 1s
        # A test stops its nodes all at once; nobody needs a graceful hand-over.
        akka.coordinated-shutdown.run-by-actor-system-terminate = off
        akka.loglevel = {{Environment.GetEnvironmentVariable("PEAKE_TEST_LOGLEVEL") ?? "WARNING"}}
        """)
        .WithFallback(PersistenceHocon.For(_journal))
        .WithFallback(PeakeSerialization.Config)
        .WithFallback(ClusterSharding.DefaultConfig())
        .WithFallback(ClusterSingleton.DefaultConfig())
        .WithFallback(DistributedData.DefaultConfig());
}
