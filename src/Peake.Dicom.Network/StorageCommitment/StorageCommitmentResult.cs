namespace Peake.Dicom.Network.StorageCommitment;

/// <summary>
/// The outcome an N-EVENT-REPORT carries (PS3.4 J.3.3.1): the instances committed to and the ones that failed, for
/// one transaction. Event Type ID 1 when none failed, 2 otherwise.
/// </summary>
public sealed record StorageCommitmentResult(string TransactionUid, IReadOnlyList<SopReference> Committed, IReadOnlyList<FailedSopReference> Failed)
{
    public ushort EventTypeId => Failed.Count == 0 ? StorageCommitmentSop.AllCommittedEventTypeId : StorageCommitmentSop.FailuresExistEventTypeId;
}
