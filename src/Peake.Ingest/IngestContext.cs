using Akka.Actor;
using Peake.Cluster.Patients;
using Peake.Ingest.Commitment;
using Peake.Replication;
using Peake.Replication.Quorum;
using Peake.Storage;

namespace Peake.Ingest;

/// <summary>What every association of one gateway shares: the node's services and the gateway's policy.</summary>
internal sealed record IngestContext(
    IngestGatewayOptions Options,
    BlobStore Store,
    IQuorumWriter QuorumWriter,
    MasterPersonIndex Patients,
    IActorRef StudyRegion,
    RecentInstances Recent)
{
    /// <summary>Longest wait for the patient index or the study catalog before the store is refused with A700H.</summary>
    public TimeSpan ClusterTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
