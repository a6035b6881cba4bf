using Peake.Dicom.Network.StorageCommitment;

namespace Peake.Dicom.Network.Server.StorageCommitment;

/// <summary>
/// A handler's decision as the SCP reports it (PS3.4 J.3.3): made off the association's loop, bounded in time, never
/// faulting, and naming every referenced instance exactly once.
/// </summary>
internal static class StorageCommitmentDecision
{
    /// <summary>
    /// The handler's answer within the decision timeout; a handler that fails or is late, or a server stopping first,
    /// fails every instance.
    /// </summary>
    public static async Task<StorageCommitmentResult> MakeAsync(IStorageCommitmentHandler handler, TimeSpan timeout, StorageCommitmentRequest request, CancellationToken stopping)
    {
        // Off the association's loop: the N-ACTION-RSP goes out before any of the handler's work.
        await Task.Yield();
        // Not tied to the association (a report decided after it ended goes to a new one), only to the server's life.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(timeout);
        try
        {
            // WaitAsync too: a handler ignoring its token still cannot hold the report back.
            var result = await handler.CommitAsync(request, deadline.Token).AsTask().WaitAsync(timeout, stopping).ConfigureAwait(false);
            return Complete(request, result);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The requestor still gets a report: nothing committed, each instance a processing failure.
            return new StorageCommitmentResult(
                request.TransactionUid,
                [],
                [.. request.References.Select(r => new FailedSopReference(r.SopClassUid, r.SopInstanceUid, CommitmentFailureReason.ProcessingFailure))]);
        }
    }

    /// <summary>
    /// Every reference asked about is reported exactly once, in the request's order: failed if the handler failed it,
    /// committed if it committed it, else a processing failure (0110H). What the handler adds unasked is dropped.
    /// </summary>
    private static StorageCommitmentResult Complete(StorageCommitmentRequest request, StorageCommitmentResult result)
    {
        var committed = result.Committed.Select(r => r.SopInstanceUid).ToHashSet(StringComparer.Ordinal);
        var failed = new Dictionary<string, ushort>(StringComparer.Ordinal);
        foreach (var f in result.Failed)
        {
            failed.TryAdd(f.SopInstanceUid, f.FailureReason);
        }

        var reportCommitted = new List<SopReference>();
        var reportFailed = new List<FailedSopReference>();
        foreach (var reference in request.References)
        {
            if (failed.TryGetValue(reference.SopInstanceUid, out var reason) || !committed.Contains(reference.SopInstanceUid))
            {
                reportFailed.Add(new FailedSopReference(reference.SopClassUid, reference.SopInstanceUid, failed.ContainsKey(reference.SopInstanceUid) ? reason : CommitmentFailureReason.ProcessingFailure));
            }
            else
            {
                reportCommitted.Add(reference);
            }
        }

        return new StorageCommitmentResult(request.TransactionUid, reportCommitted, reportFailed);
    }
}
