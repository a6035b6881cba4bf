using Akka.Actor;
using Peake.Cluster.Sites;
using Peake.Replication.Nodes;
using Peake.Replication.Placement;
using Peake.Replication.Replicas;
using Peake.Storage;

namespace Peake.Replication.Quorum;

/// <summary>
/// The node's <see cref="IQuorumWriter"/>: asks placement targets' replica actors to fetch the blob from this node
/// (pull, so the target streams it into its own store and verifies the hash) until the quorum holds it or no eligible
/// node is left. Each target has its own deadline (sized to the blob, shorter than the quorum's), and a target that
/// fails is replaced at once by the next eligible node. When another site has an eligible node, a quorum on this node's
/// site alone is not enough: a whole-site loss must not take every acknowledged copy with it. A draining node's own
/// copy does not count toward the quorum.
/// </summary>
public sealed class QuorumWriter(ActorSystem system, NodeInfo self, INodeDirectory directory, SiteMap sites, IActorRef coordinator,
    ReplicationSettings? settings = null) : IQuorumWriter
{
    private readonly ReplicationSettings _settings = settings ?? new ReplicationSettings();

    public QuorumWriter(ActorSystem system, NodeInfo self, INodeDirectory directory, SiteMap sites, IActorRef coordinator)
        : this(system, self, directory, sites, coordinator, null)
    {
    }

    public async Task<QuorumResult> ReplicateAsync(BlobInfo blob, string homeSite, int quorum, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var local = directory.Find(self.Address) ?? self;
        var holders = new List<NodeInfo> { local };
        // Through the local replica: it touches the file (a retried ingest reusing an old orphan's bytes) and reports it.
        system.ActorSelection($"/user/{ReplicationStartup.ReplicaName}").Tell(new ReportIngested(blob.Hash, blob.Size), ActorRefs.NoSender);
        coordinator.Tell(new CopyAdded(blob.Hash, blob.Size, self.Address));
        if (quorum <= 1 && !local.Draining)
            return new QuorumResult(holders);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        // One target may use half the quorum deadline, or what the blob's size needs at the minimum rate if that is more
        // (capped by the whole deadline): a target that just died leaves time to try another.
        var sizeTime = _settings.TransferDeadline(blob.Size) - _settings.RequestTimeout;
        var perTarget = TimeSpan.FromTicks(Math.Min(timeout.Ticks, Math.Max(timeout.Ticks / 2, sizeTime.Ticks)));
        var failed = new HashSet<string>(StringComparer.Ordinal);
        var reasons = new List<string>();
        var running = new Dictionary<Task<string?>, NodeInfo>();
        int Counted() => holders.Count(h => !h.Draining);
        while (!deadline.IsCancellationRequested)
        {
            if (Counted() >= quorum && SpansSites(holders, failed, blob.Size))
                return new QuorumResult(holders);
            var extra = Math.Max(0, quorum - Counted() - running.Count);
            if (extra == 0 && running.Count == 0)
                extra = 1; // enough copies, all on one site: one more, which placement sends to another site
            var busy = holders.Select(h => h.Address).Concat(running.Values.Select(r => r.Address)).Distinct().ToList();
            if (extra > 0)
            {
                var candidates = directory.Live.Where(n => !failed.Contains(n.Address)).Append(local).ToList();
                foreach (var target in ReplicaPlacement.Choose(homeSite, candidates, busy, busy.Count + extra, sites, blob.Size, blob.Hash))
                    running[FetchAsync(target, blob, perTarget, deadline.Token)] = target;
            }
            if (running.Count == 0)
                break;
            var done = await Task.WhenAny(running.Keys).ConfigureAwait(false);
            var node = running[done];
            running.Remove(done);
            var reason = await done.ConfigureAwait(false);
            if (reason is null)
            {
                holders.Add(node);
                coordinator.Tell(new CopyAdded(blob.Hash, blob.Size, node.Address));
            }
            else
            {
                failed.Add(node.Address);
                reasons.Add($"{node.Address}: {reason}");
            }
        }
        // Copies still being made are not waited for; the coordinator's follow-up finishes what is missing.
        if (Counted() >= quorum && SpansSites(holders, failed, blob.Size))
            return new QuorumResult(holders);
        ct.ThrowIfCancellationRequested();
        if (Counted() >= quorum)
            reasons.Add("every copy is on one site while another site has an eligible node");
        var why = reasons.Count > 0 ? string.Join("; ", reasons) : deadline.IsCancellationRequested ? $"timed out after {timeout}" : "too few eligible nodes";
        throw new QuorumNotReachedException(blob.Hash, quorum, [.. holders.Select(h => h.Address)], why);
    }

    // The counted copies span two sites, or no other site has a node that could take one (draining, full, failed or
    // none live): then the coordinator fixes the placement later.
    private bool SpansSites(List<NodeInfo> holders, HashSet<string> failed, long size)
    {
        var counted = holders.Where(h => !h.Draining).Select(h => h.Site).Distinct(StringComparer.Ordinal).ToList();
        if (counted.Count >= 2)
            return true;
        return !directory.Live.Any(n => !counted.Contains(n.Site) && !n.Draining && n.FreeBytes >= size && !failed.Contains(n.Address)
            && holders.All(h => h.Address != n.Address));
    }

    /// <summary>Null when the target holds the blob now, else why not.</summary>
    private async Task<string?> FetchAsync(NodeInfo target, BlobInfo blob, TimeSpan perTarget, CancellationToken ct)
    {
        using var own = CancellationTokenSource.CreateLinkedTokenSource(ct);
        own.CancelAfter(perTarget);
        try
        {
            var answer = await system.ActorSelection($"{target.Address}/user/{ReplicationStartup.ReplicaName}")
                .Ask<object>(new FetchBlob(blob.Hash, blob.Size, [self.Address]) { Urgent = true }, Timeout.InfiniteTimeSpan, own.Token)
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
