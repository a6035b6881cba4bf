using System.Net;
using Akka.Actor;
using Peake.Cluster.Sites;
using Peake.Cluster.Studies;
using Peake.Dicom.Network.Query;
using Peake.Ingest;
using Peake.Management.Patients;
using Peake.Management.Replication;
using Peake.Management.Sharding;
using Peake.Storage;

namespace Peake.Node.Ingest;

/// <summary>
/// The node's DICOM gateway as a hosted service. It listens only once the shard regions, the master person index and
/// replication have started (a C-STORE needs all three before it may be answered), and stops first when the node
/// stops (hosted services stop in reverse order), so no association is cut by the actor system going away under it.
/// A gateway that cannot listen (port taken) stops the node with exit code 1: a node that cannot take images must
/// not look healthy.
/// </summary>
internal sealed class IngestService(
    IngestGatewayOptions options,
    ActorSystem system,
    SiteMap sites,
    BlobStore store,
    ReplicationSource replication,
    PatientIndexSource index,
    ShardRegions regions,
    DicomGatewayState state,
    IQueryService query,
    IRetrieveSource retrieve,
    IHostApplicationLifetime lifetime,
    ILogger<IngestService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IngestGateway? gateway = null;
        try
        {
            var handles = await replication.Started.WaitAsync(stoppingToken);
            var mpi = index.Current ?? throw new InvalidOperationException("the master person index has not started");
            var studies = regions.RegionOf(StudySharding.TypeName) ?? throw new InvalidOperationException("the study region has not started");
            gateway = IngestGateway.Create(options, system, sites, store, handles, mpi, studies, query: query, retrieve: retrieve);
            gateway.Start();
            state.Listening(gateway.Port, gateway.Web);
            log.LogInformation("DICOM gateway {AeTitle} listening on {Address}:{Port} (write quorum {Quorum}, duplicates {Policy})",
                options.AeTitle, options.Address, gateway.Port, options.WriteQuorum, options.DuplicatePolicy);
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The node is stopping.
        }
        catch (Exception e) when (!replication.Started.IsFaulted)
        {
            // Replication failing to start is reported (and the node stopped) by the host; anything else is ours.
            log.LogCritical(e, "The DICOM gateway cannot start on port {Port}: {Reason}", options.Port, e.Message);
            await Console.Error.WriteLineAsync($"peake-node: the DICOM gateway cannot start on {options.Address}:{options.Port}: {e.Message}");
            NodeHost.MarkStartFailed();
            lifetime.StopApplication();
        }
        catch (Exception)
        {
            // Replication did not start: the host already stops with exit code 1.
        }
        finally
        {
            state.Stopped();
            if (gateway is not null)
                await gateway.DisposeAsync();
        }
    }

    /// <summary>The gateway's options from the node's flags and settings; it listens on the node's --host address.</summary>
    public static IngestGatewayOptions Options(Options.NodeOptions node, int commitmentCopies, int maxFindResults) => new()
    {
        MaxFindResults = maxFindResults,
        AeTitle = node.Ingest.AeTitle,
        Port = node.DicomPort,
        Address = IPAddress.TryParse(node.Host, out var ip) ? ip : IPAddress.Any,
        WriteQuorum = node.Ingest.WriteQuorum,
        DuplicatePolicy = node.Ingest.Duplicates,
        CommitmentCopies = commitmentCopies,
    };
}
