using System.Net;
using Peake.Cluster.Studies;

namespace Peake.Ingest;

/// <summary>How a node's DICOM gateway listens and when it may answer a C-STORE with success (ADR 0025).</summary>
public sealed record IngestGatewayOptions
{
    /// <summary>The called AE title of this node (PS3.8 9.3.2: at most 16 characters).</summary>
    public required string AeTitle { get; init; }

    /// <summary>0 lets the OS choose; <see cref="IngestGateway.Port"/> tells which.</summary>
    public int Port { get; init; }

    public IPAddress Address { get; init; } = IPAddress.Any;

    /// <summary>
    /// Nodes holding the instance durably before success is answered (1–3). 2 survives the loss of any one node from
    /// the moment of success; the third copy follows at once and is repaired until it exists.
    /// </summary>
    public int WriteQuorum { get; init; } = 2;

    public DuplicatePolicy DuplicatePolicy { get; init; } = DuplicatePolicy.Reject;

    /// <summary>
    /// How long the quorum may take for a small instance before the C-STORE is refused with A700H (the modality
    /// retries): the floor of <see cref="QuorumDeadline"/>.
    /// </summary>
    public TimeSpan QuorumTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The slowest copy rate the quorum deadline allows for: a 2 GB whole-slide image at 10 MB/s gets 200 s more than
    /// the floor, where a fixed deadline would refuse it for ever (each retry leaving another orphan copy).
    /// </summary>
    public long QuorumMinimumBytesPerSecond { get; init; } = 10L * 1024 * 1024;

    /// <summary>Largest instance accepted (File Meta included), or null for no limit other than the disk reserve.</summary>
    public long? MaxInstanceBytes { get; init; }

    /// <summary>Concurrent associations; one more is rejected (transient, local limit exceeded).</summary>
    public int MaxAssociations { get; init; } = 64;

    /// <summary>Copies an instance must have for storage commitment to report it committed.</summary>
    public int CommitmentCopies { get; init; } = 3;

    /// <summary>How long a storage commitment request waits for the last copies before reporting what is not there failed.</summary>
    public TimeSpan CommitmentWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Instances remembered for storage commitment (SOP Instance UID → study and content); oldest forgotten first.</summary>
    public int CommitmentMemory { get; init; } = 200_000;

    /// <summary>
    /// Most matches one C-FIND answers (peake.query.max-results); past it the query stops and ends with success, and
    /// the cut is logged (ADR 0034).
    /// </summary>
    public int MaxFindResults { get; init; } = 10_000;

    /// <summary>How long an association may stay silent before it is aborted.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long the write quorum may take for an instance of <paramref name="size"/> bytes: floor plus size ÷ minimum rate.</summary>
    public TimeSpan QuorumDeadline(long size) =>
        QuorumTimeout + TimeSpan.FromSeconds((double)Math.Max(0, size) / QuorumMinimumBytesPerSecond);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(AeTitle) || AeTitle.Trim().Length > 16)
            throw new ArgumentException($"AE title '{AeTitle}' must be 1 to 16 characters (PS3.8 9.3.2).", nameof(AeTitle));
        if (Port is < 0 or > 65535)
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "a TCP port, or 0 for any free one");
        if (WriteQuorum is < 1 or > 3)
            throw new ArgumentOutOfRangeException(nameof(WriteQuorum), WriteQuorum, "the write quorum is 1 to 3 copies");
        if (QuorumTimeout <= TimeSpan.Zero || CommitmentWait < TimeSpan.Zero || IdleTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(QuorumTimeout), "timeouts must be positive");
        if (MaxAssociations < 1 || MaxFindResults < 1 || CommitmentCopies < 1 || CommitmentMemory < 1 || QuorumMinimumBytesPerSecond < 1 || MaxInstanceBytes < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxAssociations), "limits must be positive");
    }
}
