namespace Peake.Node.Options;

/// <summary>What one peake-node is told by its flags and environment (see <see cref="NodeOptionsParser"/>).</summary>
internal sealed record NodeOptions(
    string Site,
    string Host,
    int RemotingPort,
    int HttpPort,
    int DicomPort,
    IReadOnlyList<string> Seeds,
    string DataDir,
    DatabaseKind Db,
    string? DbConnection,
    string? ConfigDir,
    string? TokenFile,
    IReadOnlyList<string> HoconOverrides)
{
    /// <summary>This node's Akka address; the cluster's ActorSystem is always named "peake".</summary>
    public string SelfAddress => $"akka.tcp://peake@{Host}:{RemotingPort}";

    /// <summary>The DICOM gateway, its quorum and duplicate policy (--ae-title, --write-quorum, --duplicate-policy).</summary>
    public IngestFlags Ingest { get; init; } = IngestFlags.For("node");

    /// <summary>Replication and scrubbing pace (--repair-grace, --anti-entropy-interval, --scrub-rate); null: cluster-config's value.</summary>
    public ReplicationFlags Replication { get; init; } = new(null, null, null);

    /// <summary>--cluster-secret-file: node-to-node bearer secret; null falls back to the management token.</summary>
    public string? ClusterSecretFile { get; init; }

    /// <summary>--dicomweb-tokens-file: each hospital's DICOMweb bearer token ("AE_TITLE token" per line).</summary>
    public string? DicomWebTokensFile { get; init; }

    /// <summary>--dicomweb-trust-header: take the X-Peake-Hospital header for the caller (development and tests only).</summary>
    public bool DicomWebTrustHeader { get; init; }
}
