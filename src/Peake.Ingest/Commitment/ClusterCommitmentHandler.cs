using Akka.Actor;
using Peake.Cluster.Studies;
using Peake.Dicom.Network.Server.StorageCommitment;
using Peake.Dicom.Network.StorageCommitment;
using Peake.Replication;
using Peake.Replication.Coordinator;

namespace Peake.Ingest.Commitment;

/// <summary>
/// Storage Commitment for the cluster (PS3.4 J.3; ADR 0025): an instance is committed only when its study's catalog
/// holds it (its newest version's hash, under the SOP class asked about) and the replication coordinator reports at
/// least <see cref="IngestGatewayOptions.CommitmentCopies"/> live copies of that blob. The third copy follows the
/// C-STORE success at once, so the handler waits for it a bounded time (<see cref="IngestGatewayOptions.CommitmentWait"/>),
/// asking again every <see cref="PollInterval"/>; what is still short then is reported failed with 0110H, so the
/// modality keeps its copy and may ask again later. Instances this node did not store fail with 0112H. The version is
/// the one of the last C-STORE of that SOP on this node: when that store was refused, or the catalog does not hold its
/// bytes (hash), the SOP fails with 0110H.
/// </summary>
internal sealed class ClusterCommitmentHandler(IngestContext context, IActorRef coordinatorProxy, TimeProvider time) : IStorageCommitmentHandler
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public async ValueTask<StorageCommitmentResult> CommitAsync(StorageCommitmentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var failed = new List<FailedSopReference>();
        var waiting = new Dictionary<SopReference, string>();
        foreach (var reference in request.References.Distinct())
        {
            var (hash, reason) = await CatalogedHashAsync(reference, cancellationToken);
            if (hash is null)
                failed.Add(new FailedSopReference(reference.SopClassUid, reference.SopInstanceUid, reason));
            else
                waiting[reference] = hash;
        }

        var committed = new List<SopReference>();
        var deadline = time.GetUtcNow() + context.Options.CommitmentWait;
        while (waiting.Count > 0)
        {
            var copies = await CopiesAsync(waiting.Values.Distinct().ToArray(), cancellationToken);
            foreach (var (reference, hash) in waiting.ToList())
            {
                if (copies.GetValueOrDefault(hash) >= context.Options.CommitmentCopies)
                {
                    committed.Add(reference);
                    waiting.Remove(reference);
                }
            }
            if (waiting.Count == 0 || time.GetUtcNow() + PollInterval > deadline)
                break;
            await Task.Delay(PollInterval, time, cancellationToken);
        }
        failed.AddRange(waiting.Keys.Select(r => new FailedSopReference(r.SopClassUid, r.SopInstanceUid, CommitmentFailureReason.ProcessingFailure)));
        return new StorageCommitmentResult(request.TransactionUid, committed, failed);
    }

    private async Task<(string? Hash, ushort Reason)> CatalogedHashAsync(SopReference reference, CancellationToken cancellationToken)
    {
        if (context.Recent.Find(reference.SopInstanceUid) is not { } stored)
            return (null, CommitmentFailureReason.NoSuchObjectInstance);
        if (stored.Refused)
            return (null, CommitmentFailureReason.ProcessingFailure);
        StudyInstanceView view;
        try
        {
            view = await context.StudyRegion.Ask<StudyInstanceView>(
                new GetStudyInstance(stored.HomeSite, stored.StudyInstanceUid, reference.SopInstanceUid), context.ClusterTimeout, cancellationToken);
        }
        catch (Exception e) when (e is AskTimeoutException or TimeoutException)
        {
            return (null, CommitmentFailureReason.ProcessingFailure);
        }
        if (view.Instance is not { Hash.Length: > 0 } instance)
            return (null, CommitmentFailureReason.NoSuchObjectInstance);
        if (instance.SopClassUid != reference.SopClassUid)
            return (null, CommitmentFailureReason.ClassInstanceConflict);
        // The bytes this node last accepted for the SOP: the newest version, or an older one kept under KeepBoth.
        return instance.Hash == stored.Hash || instance.OlderHashes.Contains(stored.Hash, StringComparer.Ordinal)
            ? (stored.Hash, (ushort)0)
            : (null, CommitmentFailureReason.ProcessingFailure);
    }

    private async Task<Dictionary<string, int>> CopiesAsync(string[] hashes, CancellationToken cancellationToken)
    {
        try
        {
            var view = await coordinatorProxy.Ask<CopiesView>(new GetCopies(hashes), context.ClusterTimeout, cancellationToken);
            return view.Entries.ToDictionary(e => e.Hash, e => e.Copies.Select(c => c.Address).Distinct().Count(), StringComparer.Ordinal);
        }
        catch (Exception e) when (e is AskTimeoutException or TimeoutException)
        {
            // The coordinator is moving (singleton hand-over): no copies known this round.
            return [];
        }
    }
}
