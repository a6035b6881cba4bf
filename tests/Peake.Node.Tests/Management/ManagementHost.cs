using System.Net.Http.Headers;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Peake.Cluster.Serialization;
using Peake.Cluster.Sharding;
using Peake.Cluster.Sites;
using Peake.Management;
using Peake.Management.Auth;
using Peake.Management.Entities;
using Peake.Management.Sharding;

namespace Peake.Node.Tests.Management;

/// <summary>
/// The management routes on real Kestrel (port 0) over a real one-node cluster in this process, with a "patient"
/// region whose entities answer <see cref="Ping"/>: lets a test start an entity, which the node's placeholder
/// entities cannot do yet.
/// </summary>
internal sealed class ManagementHost : IAsyncDisposable
{
    public const int Buckets = 32;
    public const string Token = "test-token-0123456789abcdef";
    public static readonly SiteMap Sites = new([new Site("east", 39, -77, []), new Site("west", 37, -122, [])]);

    private ManagementHost(ActorSystem system, WebApplication app, IActorRef region)
    {
        System = system;
        App = app;
        Region = region;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(20) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public ActorSystem System { get; }

    public WebApplication App { get; }

    public IActorRef Region { get; }

    public HttpClient Http { get; }

    public static async Task<ManagementHost> StartAsync(HomeSiteResolver? resolver = null)
    {
        var system = ActorSystem.Create("peake", ConfigurationFactory.ParseString("""
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
            akka.cluster.roles = ["site-east"]
            akka.cluster.sharding.state-store-mode = ddata
            akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
            akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
            akka.loglevel = WARNING
            """).WithFallback(PeakeSerialization.Config).WithFallback(ClusterSharding.DefaultConfig()));
        var cluster = Akka.Cluster.Cluster.Get(system);
        await cluster.JoinAsync(cluster.SelfAddress).WaitAsync(TimeSpan.FromSeconds(20));
        var sharding = ClusterSharding.Get(system);
        var region = await sharding.StartAsync("patient", _ => Props.Create<PingEntity>(), ClusterShardingSettings.Create(system),
            new SiteAffineMessageExtractor(Buckets), new SiteAwareAllocationStrategy(Sites), PoisonPill.Instance);
        var regions = new ShardRegions(["patient", "study"], Buckets);
        regions.Register("patient", region);

        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(system);
        builder.Services.AddSingleton(Sites);
        builder.Services.AddSingleton(regions);
        if (resolver is not null)
            builder.Services.AddSingleton(resolver);
        builder.Services.AddPeakeManagement(new ManagementToken(Token));
        var app = builder.Build();
        app.MapPeakeManagement();
        await app.StartAsync();
        return new ManagementHost(system, app, region);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await System.Terminate().WaitAsync(TimeSpan.FromSeconds(20));
    }
}
