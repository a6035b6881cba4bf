using Peake.Dicom.Network.Server.StorageCommitment;
using Peake.Dicom.Network.StorageCommitment;

namespace Peake.Dicom.Network.Tests.Infrastructure;

/// <summary>
/// Commits instances under <see cref="CommitmentScript.Kept"/> and fails the rest with 0112H; optionally decides only
/// once a gate opens, or after a little varying work.
/// </summary>
internal sealed class PrefixCommitmentHandler(Task? gate = null, bool spin = false) : IStorageCommitmentHandler
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public async ValueTask<StorageCommitmentResult> CommitAsync(StorageCommitmentRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (gate is not null)
        {
            await gate.WaitAsync(cancellationToken);
        }

        if (spin)
        {
            // A few microseconds of work, varying, so completions land all around the loop's checks.
            Thread.SpinWait(Random.Shared.Next(1, 20_000));
        }

        var kept = request.References.Where(r => r.SopInstanceUid.StartsWith(CommitmentScript.Kept + ".", StringComparison.Ordinal)).ToList();
        var failed = request.References.Except(kept)
            .Select(r => new FailedSopReference(r.SopClassUid, r.SopInstanceUid, CommitmentFailureReason.NoSuchObjectInstance))
            .ToList();
        return new StorageCommitmentResult(request.TransactionUid, kept, failed);
    }
}
