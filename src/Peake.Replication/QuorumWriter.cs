using Akka.Actor;
using Peake.Cluster.Sites;
using Peake.Storage;

namespace Peake.Replication;

/// <summary>
/// The node's <see cref="IQuorumWriter"/>: asks placement targets' replica actors to fetch the blob from this node
/// (pull, so the target streams it into its own store and verifies the hash), round after round until the quorum holds
/// it or no eligible node is left. When another site is live, a quorum on this node's site alone is not enough: a
/// whole-site loss must not take every acknowledged copy with it.
/// </summary>
public sealed class QuorumWriter(ActorSystem system, NodeInfo self, INodeDirectory directory, SiteMap sites, IActorRef coordinator) : IQuorumWriter
{
    public async Task<QuorumResult> ReplicateAsync(BlobInfo blob, string homeSite, int quorum, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var holders = new List<NodeInfo> { directory.Find(self.Address) ?? self };
        coordinator.Tell(new CopyAdded(blob.Hash, blob.Size, self.Address));
        if (quorum <= 1)
            return new QuorumResult(holders);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var failed = new HashSet<string>(StringComparer.Ordinal);
        var reasons = new List<string>();
        while (!deadline.IsCancellationRequested)
        {
            var candidates = directory.Live.Where(n => !failed.Contains(n.Address)).Append(holders[0]).ToList();
            var targets = ReplicaPlacement.Choose(homeSite, candidates, [.. holders.Select(h => h.Address)], quorum, sites, blob.Size);
            if (targets.Count == 0)
                break;
            var answers = await Task.WhenAll(targets.Select(t => FetchAsync(t, blob, deadline.Token))).ConfigureAwait(false);
            foreach (var (target, reason) in targets.Zip(answers))
            {
                if (reason is null)
                {
                    holders.Add(target);
                    coordinator.Tell(new CopyAdded(blob.Hash, blob.Size, target.Address));
                }
                else
                {
                    failed.Add(target.Address);
                    reasons.Add($"{target.Address}: {reason}");
                }
            }
            if (holders.Count >= quorum)
            {
                if (SpansSites(holders))
                    return new QuorumResult(holders);
                reasons.Add("every copy is on one site while another site is live");
                break;
            }
        }
        ct.ThrowIfCancellationRequested();
        var why = reasons.Count > 0 ? string.Join("; ", reasons) : deadline.IsCancellationRequested ? $"timed out after {timeout}" : "too few eligible nodes";
        throw new QuorumNotReachedException(blob.Hash, quorum, [.. holders.Select(h => h.Address)], why);
    }

    private bool SpansSites(List<NodeInfo> holders) =>
        holders.Select(h => h.Site).Distinct(StringComparer.Ordinal).Count() >= 2
        || directory.Live.All(n => n.Site == self.Site);

    /// <summary>Null when the target holds the blob now, else why not.</summary>
    private async Task<string?> FetchAsync(NodeInfo target, BlobInfo blob, CancellationToken ct)
    {
        try
        {
            var answer = await system.ActorSelection($"{target.Address}/user/{ReplicationStartup.ReplicaName}")
                .Ask<object>(new FetchBlob(blob.Hash, blob.Size, [self.Address]), Timeout.InfiniteTimeSpan, ct)
                .ConfigureAwait(false);
            return answer switch
            {
                BlobFetched => null,
                BlobFetchFailed f => f.Reason,
                _ => $"unexpected answer {answer.GetType().Name}",
            };
        }
        catch (OperationCanceledException)
        {
            return "timed out";
        }
        catch (AskTimeoutException)
        {
            return "timed out";
        }
    }
}
