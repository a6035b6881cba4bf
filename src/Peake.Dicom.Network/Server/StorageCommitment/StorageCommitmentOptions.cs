using Peake.Dicom.Network.StorageCommitment;

namespace Peake.Dicom.Network.Server.StorageCommitment;

/// <summary>
/// How the server acts as Storage Commitment SCP (PS3.4 J.3, ADR 0013): who decides, where requestors are reached when
/// their report cannot go back on the association that asked, and how hard delivery is tried.
/// </summary>
public sealed record StorageCommitmentOptions
{
    public required IStorageCommitmentHandler Handler { get; init; }

    /// <summary>
    /// Requestor addresses by AE title, for reports sent on a new association (PS3.4 J.3.3) after the requestor released
    /// the one that asked. A requestor not listed only ever gets its report on the asking association.
    /// </summary>
    public IReadOnlyDictionary<string, MoveDestination> Requestors { get; init; } = new Dictionary<string, MoveDestination>();

    /// <summary>How long the handler may take; past it every instance of the request fails with 0110H.</summary>
    public TimeSpan DecisionTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Connect and response timeout of each association opened to deliver a report.</summary>
    public TimeSpan ReportTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Tries at delivering a report on a new association; after the last the report is abandoned.</summary>
    public int DeliveryAttempts { get; init; } = 3;

    /// <summary>Wait before the second try, doubled before each further one.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Called with the requestor's AE title, the report and why, when a report is given up on.</summary>
    public Action<string, StorageCommitmentResult, string>? ReportAbandoned { get; init; }

    /// <summary>Called with the requestor's AE title and the report once the requestor has answered it.</summary>
    public Action<string, StorageCommitmentResult>? ReportDelivered { get; init; }
}
