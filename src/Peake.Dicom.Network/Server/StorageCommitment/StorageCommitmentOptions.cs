using Peake.Dicom.Network.StorageCommitment;
using Peake.Dicom.Network.Tls;

namespace Peake.Dicom.Network.Server.StorageCommitment;

/// <summary>
/// How the server takes part in Storage Commitment (PS3.4 J.3, ADR 0013). As SCP: who decides, where requestors are
/// reached when their report cannot go back on the association that asked, and how hard delivery is tried. As SCU:
/// who takes the reports an SCP sends on an association of its own.
/// </summary>
public sealed record StorageCommitmentOptions
{
    /// <summary>Decides N-ACTION requests; null: this server is no Storage Commitment SCP (N-ACTION answered 0211H).</summary>
    public IStorageCommitmentHandler? Handler { get; init; }

    /// <summary>
    /// Takes a report (calling AE title, report) an SCP sends on an association it opened (PS3.4 J.3.3): true, answered
    /// with success; false (a transaction this AE does not know), 0110H so the SCP keeps it. Null: answered 0211H.
    /// </summary>
    public Func<string, StorageCommitmentResult, bool>? ReportReceived { get; init; }

    /// <summary>
    /// Requestor addresses by AE title, for reports sent on a new association (PS3.4 J.3.3) after the requestor released
    /// the one that asked. A requestor not listed only ever gets its report on the asking association.
    /// </summary>
    public IReadOnlyDictionary<string, MoveDestination> Requestors { get; init; } = new Dictionary<string, MoveDestination>();

    /// <summary>How long the handler may take; past it every instance of the request fails with 0110H.</summary>
    public TimeSpan DecisionTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// DICOM TLS (PS3.15 B.1) for the associations opened to deliver a report, with this side's client certificate
    /// when the requestor requires one; null: plain TCP.
    /// </summary>
    public DicomTlsClientOptions? ReportTls { get; init; }

    /// <summary>Connect and response timeout of each association opened to deliver a report.</summary>
    public TimeSpan ReportTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Tries at delivering a report on a new association; after the last the report is abandoned.</summary>
    public int DeliveryAttempts { get; init; } = 3;

    /// <summary>Wait before the second try, doubled before each further one.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Transactions the whole server holds whose report is not yet answered (decided or not, on any association or
    /// being delivered on a new one); past it N-ACTION is answered 0213H. Each holds its references in memory.
    /// </summary>
    public int MaxOutstandingTransactions { get; init; } = 256;

    /// <summary>How long a stopping server waits for reports still being delivered on new associations.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The server's shared bound, stopping token and background tasks; set by <see cref="DicomServer"/>.</summary>
    internal CommitmentWork? Work { get; init; }

    /// <summary>Called with the requestor's AE title, the report and why, when a report is given up on.</summary>
    public Action<string, StorageCommitmentResult, string>? ReportAbandoned { get; init; }

    /// <summary>Called with the requestor's AE title and the report once the requestor has answered it.</summary>
    public Action<string, StorageCommitmentResult>? ReportDelivered { get; init; }
}
