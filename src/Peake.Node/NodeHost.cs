using System.Net;
using Akka.Actor;
using Akka.Hosting;
using Peake.Cluster.Persistence;
using Peake.Cluster.Sites;
using Peake.Cluster.Studies;
using Peake.Dicom.Network.Query;
using Peake.DicomWeb;
using Peake.DicomWeb.Callers;
using Peake.DicomWeb.Store;
using Peake.Ingest;
using Peake.Management;
using Peake.Management.Auth;
using Peake.Management.Health;
using Peake.Management.Patients;
using Peake.Management.Replication;
using Peake.Management.Sharding;
using Peake.Node.Configuration;
using Peake.Node.DicomWeb;
using Peake.Node.Ingest;
using Peake.Node.Options;
using Peake.Node.Persistence;
using Peake.Node.Query;
using Peake.Node.Replication;
using Peake.Node.Retrieval;
using Peake.Node.Sharding;
using Peake.Node.Storage;
using Peake.Query.Querying;
using Peake.Query.Schema;
using Peake.Replication;
using Peake.Replication.Replicas;
using Peake.Storage;
using Peake.Transfer;

namespace Peake.Node;

/// <summary>
/// Composes one node (ADR 0020, 0027): options → HOCON → blob store at &lt;data&gt;/blobs → ActorSystem (Akka.Hosting)
/// with the shard regions, then replication → management HTTP and the node-to-node blob endpoints on Kestrel → the
/// DICOM gateway and the blob scrubber as hosted services once replication runs. SIGTERM/Ctrl-C stop the host: the
/// gateway first (registered last), then Akka's coordinated shutdown (hand shards off, leave the cluster, wait to be
/// removed), and the process exits 0; an actor system that terminates on its own (downed, or removed after PUT Leave)
/// stops the host the same way. Exit 2: the node was misconfigured and did not start; exit 1: a part of it could not
/// start (a port taken, the cluster half failing).
/// </summary>
internal static class NodeHost
{
    public const int ExitMisconfigured = 2;
    public const int ExitStartFailed = 1;

    private static volatile bool _startFailed;

    /// <summary>A part of the node that must run did not start (the DICOM gateway): the exit code will be 1.</summary>
    public static void MarkStartFailed() => _startFailed = true;

    public static async Task<int> RunAsync(string[] args)
    {
        WebApplication app;
        JournalDatabase database;
        try
        {
            (app, database) = Build(args, Environment.GetEnvironmentVariable);
        }
        catch (Exception e) when (e is NodeOptionsException or SiteConfigException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"peake-node: {e.Message}");
            return ExitMisconfigured;
        }
        try
        {
            await database.PrepareAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            // Keep running: the journal may come back (a remounted disk, a database restarted), and until then /ready
            // says "journal" with the plugin's error, like a PostgreSQL that is down when the node starts.
            await Console.Error.WriteLineAsync($"peake-node: the journal database cannot be prepared yet: {e.Message}");
        }
        try
        {
            await app.RunAsync();
        }
        catch (Exception e) when (_startFailed)
        {
            // The cluster half failed to start (regions, replication) and the host rethrew it: one line, exit 1, not
            // an unhandled-exception abort.
            await Console.Error.WriteLineAsync($"peake-node: the node could not start: {e.GetType().Name}: {e.Message}");
            return ExitStartFailed;
        }
        catch (IOException e)
        {
            // Kestrel could not listen (port taken, address not local): the process ends without serving.
            await Console.Error.WriteLineAsync($"peake-node: management HTTP cannot start: {e.Message}");
            return ExitStartFailed;
        }
        // Our own verdict, not Environment.ExitCode: it was -1 after a shutdown started by PUT Leave (seen in testing;
        // something in the Akka/host shutdown path sets it), which would tell a supervisor a clean leave had failed.
        return _startFailed ? ExitStartFailed : 0;
    }

    private static (WebApplication App, JournalDatabase Database) Build(string[] args, Func<string, string?> environment)
    {
        var options = NodeOptionsParser.Parse(args, environment);
        var tokenText = TokenSource.Text(options, environment);
        var token = new ManagementToken(tokenText);
        var clusterSecret = ClusterSecret.Load(options, tokenText);
        var configDir = ClusterConfigDirectory.Find(options.ConfigDir);
        var sites = SiteMap.Load(Path.Combine(configDir, ClusterConfigDirectory.SitesFile));
        var database = NodeDatabase.For(options);
        var config = NodeConfig.Build(options, configDir, sites, database);
        var regions = new ShardRegions(ShardingStartup.Types, NodeConfig.BucketsPerSite(config));
        var index = new PatientIndexSource();
        var replicationSettings = ReplicationSettings.FromConfig(config);
        var scrub = ScrubConfig.From(config);
        var store = NodeStorage.Open(options);
        var blobEvents = new ReplicaBlobEvents();
        var replication = new ReplicationSource();
        var transferClient = NodeReplication.Client(clusterSecret);
        var readModel = new ReadModelDatabase(database);
        var accessRecorder = new RecordedRetrieveSource.Recorder();
        var accessSettings = StudyAccessSettings.FromConfig(config);
        var callers = HospitalCallers.Load(new HospitalRegistry(sites), options.DicomWebTokensFile, options.DicomWebTrustHeader);

        // No args to ASP.NET: our flags are parsed above and must not be read again as configuration keys.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k =>
        {
            if (IPAddress.TryParse(options.Host, out var ip))
                k.Listen(ip, options.HttpPort);
            else
                k.ListenAnyIP(options.HttpPort);
        });
        // Coordinated shutdown's phases add up to well over the 30 s default; the host must not cut them short.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(90));
        builder.Services.AddSingleton(sites);
        builder.Services.AddSingleton(regions);
        builder.Services.AddSingleton(index);
        builder.Services.AddSingleton(replication);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(blobEvents);
        if (scrub is not null)
        {
            builder.Services.AddSingleton(new BlobScrubber(store, scrub));
            builder.Services.AddHostedService<ScrubberService>();
        }
        builder.Services.AddSingleton(sp => EntityHomes.For(sp.GetRequiredService<ActorSystem>(), sites));
        var dicom = new DicomGatewayState();
        builder.Services.AddSingleton(dicom);
        builder.Services.AddSingleton<IReadyCheck>(dicom);
        var maxQueryResults = NodeConfig.MaxQueryResults(config);
        builder.Services.AddSingleton(IngestService.Options(options, replicationSettings.Copies, maxQueryResults));
        // Query and retrieve (ADR 0029-0037): the read model answers C-FIND and QIDO, the nearest healthy copy feeds
        // C-GET, C-MOVE and WADO, STOW goes through the gateway; the same services for DIMSE and DICOMweb.
        builder.Services.AddSingleton(readModel);
        builder.Services.AddSingleton<IQueryService>(new ReadModelQueryService(readModel));
        // Every read is an access of its study by the asking hospital (ADR 0033).
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<IRetrieveSource>(sp => new RecordedRetrieveSource(
            NodeRetrieval.Source(
                options, store, replication, sites, transferClient, sp.GetRequiredService<ILoggerFactory>().CreateLogger("Peake.Retrieval")),
            accessRecorder, sp.GetRequiredService<IHttpContextAccessor>(), TimeProvider.System));
        builder.Services.AddSingleton<IStowTarget>(new GatewayStowTarget(dicom));
        builder.Services.AddSingleton<IDicomWebCallers>(callers);
        builder.Services.AddPeakeManagement(token);
        // After the management checks: a journal or membership failure is the reason /ready gives, not its consequence.
        builder.Services.AddSingleton<IReadyCheck>(new QueryProjectionCheck(readModel, TimeProvider.System));
        builder.Services.AddSingleton(new ProjectionLagGauges(readModel, TimeProvider.System));
        builder.Services.AddAkka("peake", akka =>
        {
            akka.AddHocon(config, HoconAddMode.Prepend);
            akka.AddStartup(async (system, _) =>
            {
                try
                {
                    await ShardingStartup.StartAsync(system, regions, sites, index);
                    accessRecorder.Attach(StudySharding.StartAccessRecorder(
                        system, regions.RegionOf(StudySharding.TypeName)!, options.Site, accessSettings));
                    // After the regions: the coordinator reads the catalog the study entities write, and the gateway
                    // (waiting on this) records instances through the study region.
                    var handles = await ReplicationStartup.StartAsync(
                        system, sites, store, NodeReplication.Self(options, store), transferClient, replicationSettings);
                    blobEvents.Attach(handles.Replica);
                    NodeQuery.StartProjection(system, readModel);
                    replication.Start(handles);
                }
                catch (Exception e)
                {
                    // Akka.Hosting stops the application after a failed start; the exit code must say it failed.
                    _startFailed = true;
                    replication.Fail(e);
                    throw;
                }
            });
        });

        // After AddAkka: started once the actor system's start-up (regions, replication) is done, stopped before it.
        builder.Services.AddHostedService<IngestService>();

        var app = builder.Build();
        // The blob endpoints check the cluster secret themselves; the management token does not open them.
        app.MapBlobTransfer(store, clusterSecret, blobEvents);
        // DICOMweb identifies its callers itself (hospital tokens, ADR 0032), not with the management token.
        var dicomWeb = new DicomWebOptions { NodeAeTitle = options.Ingest.AeTitle, MaxResults = maxQueryResults };
        app.MapDicomWeb(dicomWeb);
        app.MapPeakeManagement(BlobTransferEndpoints.Prefix, dicomWeb.BasePath);
        app.Lifetime.ApplicationStarted.Register(() => app.Logger.LogInformation(
            "peake-node {Address} (site {Site}) up; management on http://{Host}:{HttpPort}",
            options.SelfAddress, options.Site, options.Host, options.HttpPort));
        return (app, database);
    }
}
