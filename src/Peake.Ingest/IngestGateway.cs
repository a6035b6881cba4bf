using Akka.Actor;
using Akka.Event;
using Peake.Cluster.Patients;
using Peake.Cluster.Sites;
using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Query;
using Peake.Dicom.Network.Server;
using Peake.Dicom.Network.Server.StorageCommitment;
using Peake.Ingest.Associations;
using Peake.Ingest.Commitment;
using Peake.Ingest.Web;
using Peake.Replication;
using Peake.Replication.Quorum;
using Peake.Storage;

namespace Peake.Ingest;

/// <summary>
/// A node's DICOM gateway (ADR 0025, 0029): a <see cref="DicomServer"/> accepting C-ECHO, C-STORE of every storage SOP class
/// from the hospitals registered in <c>cluster-config/</c>, Storage Commitment Push Model and, given a query service and
/// a retrieve source, C-FIND, C-GET and C-MOVE (to the hospitals' own SCPs). Each association gets an
/// actor that turns its C-STOREs into durable, replicated, catalogued instances; success is answered only once the
/// instance is on the write quorum and its catalog event is persisted.
/// </summary>
public sealed class IngestGateway : IAsyncDisposable
{
    private readonly DicomServer _server;
    private readonly ClusterStoreHandler _handler;
    private bool _started;

    private IngestGateway(DicomServer server, ClusterStoreHandler handler, HospitalRegistry hospitals, IngestGatewayOptions options, WebIngest web)
    {
        _server = server;
        _handler = handler;
        Hospitals = hospitals;
        Options = options;
        Web = web;
    }

    public IngestGatewayOptions Options { get; }

    public HospitalRegistry Hospitals { get; }

    /// <summary>The same ingest path for instances posted over the web (STOW-RS).</summary>
    public WebIngest Web { get; }

    /// <summary>The port listened on; the OS-assigned one when the options said 0 (known once started).</summary>
    public int Port => _server.Port;

    /// <summary>Associations being served right now.</summary>
    public int ActiveAssociations => _handler.Active;

    /// <summary>
    /// Builds the gateway of this node; nothing listens until <see cref="Start"/>. <paramref name="studyRegion"/> is the
    /// "study" shard region (or its proxy); <paramref name="replication"/> comes from <c>ReplicationStartup.StartAsync</c>.
    /// </summary>
    public static IngestGateway Create(
        IngestGatewayOptions options,
        ActorSystem system,
        SiteMap sites,
        BlobStore store,
        ReplicationHandles replication,
        MasterPersonIndex patients,
        IActorRef studyRegion,
        TimeProvider? time = null,
        IQueryService? query = null,
        IRetrieveSource? retrieve = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(replication);
        ArgumentNullException.ThrowIfNull(patients);
        ArgumentNullException.ThrowIfNull(studyRegion);
        options.Validate();
        var hospitals = new HospitalRegistry(sites);
        var context = new IngestContext(options, store, replication.QuorumWriter, patients, studyRegion, new RecentInstances(options.CommitmentMemory));
        var handler = new ClusterStoreHandler(system, context, hospitals);
        var server = new DicomServer(
            new DicomServerOptions
            {
                Acceptor = new AcceptorOptions
                {
                    AeTitle = options.AeTitle.Trim(),
                    Syntaxes = IngestSyntaxes.Build(queryRetrieve: query is not null),
                    // PS3.8 Table 9-21 reason 3: only hospitals declared in cluster-config/ may send (and query).
                    IsCallingAeTitleKnown = hospitals.IsKnown,
                    // C-GET sends the instances back on the asking association: the requestor takes the storage SCP role.
                    RequestorScpRoleSopClasses = query is null ? new HashSet<string>() : StorageSopClasses.All,
                },
                // C-MOVE destinations: the hospitals of cluster-config/ with their own SCP's host and port.
                MoveDestinations = hospitals.ReportDestinations(),
                Address = options.Address,
                Port = options.Port,
                MaxAssociations = options.MaxAssociations,
                IdleTimeout = options.IdleTimeout,
                MaxFindMatches = options.MaxFindResults,
                FindLimitReached = cut => system.Log.Info(
                    "C-FIND from {0} at {1} level matched more than the result limit of {2} (peake.query.max-results); cut there, answered A700",
                    cut.Caller.CallingAeTitle, cut.Level, cut.Matches),
                StorageCommitment = new StorageCommitmentOptions
                {
                    Handler = new ClusterCommitmentHandler(context, replication.CoordinatorProxy, time ?? TimeProvider.System),
                    // Reports for a requestor that released the asking association go to the hospital's own SCP.
                    Requestors = hospitals.ReportDestinations(),
                    DecisionTimeout = options.CommitmentWait + context.ClusterTimeout + context.ClusterTimeout,
                },
            },
            handler,
            query,
            retrieve);
        return new IngestGateway(server, handler, hospitals, options, new WebIngest(system, context, hospitals));
    }

    public void Start()
    {
        if (_started)
            throw new InvalidOperationException("the gateway is already started");
        _started = true;
        _server.Start();
    }

    /// <summary>Stops listening and waits for the associations to end; stores in flight are answered or discarded.</summary>
    public async ValueTask DisposeAsync() => await _server.DisposeAsync();
}
