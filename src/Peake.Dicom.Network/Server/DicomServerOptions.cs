using System.Net;
using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Query;
using Peake.Dicom.Network.Server.StorageCommitment;
using Peake.Dicom.Network.Tls;

namespace Peake.Dicom.Network.Server;

/// <summary>Where the server listens and the limits that keep one bad peer from hurting the others.</summary>
public sealed record DicomServerOptions
{
    public required AcceptorOptions Acceptor { get; init; }

    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>0 lets the OS choose; <see cref="DicomServer.Port"/> tells which.</summary>
    public int Port { get; init; }

    /// <summary>
    /// Concurrent associations (counted from their A-ASSOCIATE-RQ); one more is answered with A-ASSOCIATE-RJ
    /// transient, local limit exceeded.
    /// </summary>
    public int MaxAssociations { get; init; } = 64;

    /// <summary>
    /// Open connections of any kind, including ones that have not sent a PDU yet. Past this a new connection is closed
    /// at once, unread: the cap on what a flood of idle sockets can hold (file descriptors, buffers) for up to ARTIM.
    /// </summary>
    public int MaxConnections { get; init; } = 2048;

    /// <summary>
    /// PS3.8 9.1.4 ARTIM: how long a new connection may take to send its A-ASSOCIATE-RQ, and how long a finished
    /// association waits for the peer to close. Short: both are moments when a well-behaved peer acts at once.
    /// </summary>
    public TimeSpan ArtimTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest silence (or time to complete one PDU) in an established association before it is aborted.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// DICOM TLS (PS3.15 B.1, BCP 195 profile): every connection is a TLS handshake first, bounded by
    /// <see cref="ArtimTimeout"/>; one that fails is closed before the upper layer reads a byte. Null: plain TCP.
    /// </summary>
    public DicomTlsServerOptions? Tls { get; init; }

    /// <summary>
    /// C-MOVE destinations by AE title (PS3.4 C.4.2.2.1: the SCP must know where a destination is); a C-MOVE naming
    /// any other is refused with A801H.
    /// </summary>
    public IReadOnlyDictionary<string, MoveDestination> MoveDestinations { get; init; } = new Dictionary<string, MoveDestination>();

    /// <summary>Connect and response timeout of the associations a C-MOVE opens to its destination.</summary>
    public TimeSpan MoveTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Most matches one C-FIND answers (null: all). With more, the operation stops reading its source and ends with
    /// A700H and an Error Comment (ADR 0034): a broad query from a misconfigured viewer cannot make the SCP walk the
    /// whole archive, and its user learns the list is not complete.
    /// </summary>
    public int? MaxFindMatches { get; init; }

    /// <summary>Told when a C-FIND was cut at <see cref="MaxFindMatches"/>: for the host's log.</summary>
    public Action<FindLimitReached>? FindLimitReached { get; init; }

    /// <summary>Storage Commitment Push Model SCP (PS3.4 J.3, ADR 0013); null: N-ACTION is answered 0211H.</summary>
    public StorageCommitmentOptions? StorageCommitment { get; init; }
}
