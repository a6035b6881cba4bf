using Peake.Dicom.Network.StorageCommitment;

namespace Peake.Dicom.Network.Server.StorageCommitment;

/// <summary>
/// Decides a Storage Commitment request (PS3.4 J.3.2): for each referenced instance, committed (the SCP takes
/// responsibility for keeping it) or failed with a <see cref="CommitmentFailureReason"/>. Every reference must come
/// back in exactly one of the two lists. A folder answers from its files; the cluster answers from replica state.
/// </summary>
public interface IStorageCommitmentHandler
{
    ValueTask<StorageCommitmentResult> CommitAsync(StorageCommitmentRequest request, CancellationToken cancellationToken);
}
