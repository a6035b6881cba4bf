using Akka.Actor;
using Akka.Event;
using Peake.Replication.Nodes;
using Peake.Storage;
using Peake.Transfer;

namespace Peake.Replication.Replicas;

/// <summary>
/// The node's blob store as an actor (<c>/user/replica</c>). Fetches pull a blob from a peer's transfer endpoint
/// straight into the local store (the hash is checked on arrival); they run off the actor thread, at most
/// <c>fetchConcurrency</c> at once, the rest queued, and concurrent requests for one blob share one fetch. Every copy
/// gained or lost is told to the coordinator, which is how its copy map stays current between inventory sweeps.
/// </summary>
public sealed class ReplicaActor : ReceiveActor
{
    private readonly BlobStore _store;
    private readonly BlobTransferClient _client;
    private readonly INodeDirectory _directory;
    private readonly IActorRef _coordinator;
    private readonly ReplicationSettings _settings;
    private readonly int _fetchConcurrency;
    private readonly Dictionary<string, List<IActorRef>> _waiting = new(StringComparer.Ordinal);
    private readonly Queue<FetchBlob> _urgent = new();
    private readonly Queue<FetchBlob> _queue = new();
    private readonly Dictionary<string, bool> _runningUrgency = new(StringComparer.Ordinal);
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ActorSystem _system = Context.System;
    private NodeInfo _self;
    private int _running;

    public ReplicaActor(BlobStore store, NodeInfo self, BlobTransferClient client, INodeDirectory directory, IActorRef coordinator,
        int fetchConcurrency, TimeSpan fetchTimeout)
        : this(store, self, client, directory, coordinator, new ReplicationSettings { FetchConcurrency = fetchConcurrency, RequestTimeout = fetchTimeout })
    {
    }

    public ReplicaActor(BlobStore store, NodeInfo self, BlobTransferClient client, INodeDirectory directory, IActorRef coordinator,
        ReplicationSettings settings)
    {
        _store = store;
        _self = self;
        _client = client;
        _directory = directory;
        _coordinator = coordinator;
        _settings = settings;
        _fetchConcurrency = settings.FetchConcurrency;

        Receive<FetchBlob>(Fetch);
        Receive<FetchFinished>(Finished);
        Receive<Status.Failure>(f =>
        {
            // Backstop: a task that faulted in spite of its own catch. Its slot and waiters are freed all the same.
            if (f.State is FetchFailedState state)
                Finished(new FetchFinished(state.Hash, null, f.Cause?.GetBaseException().Message ?? "failed"));
            else if (f.State is VerifyFailedState v)
                v.ReplyTo.Tell(new BlobVerified(v.Hash, BlobCondition.Absent));
            else
                _log.Error(f.Cause, "A replica task failed");
        });
        Receive<VerifyBlob>(Verify);
        Receive<VerifyFinished>(v =>
        {
            if (v.Answer.Condition == BlobCondition.Corrupt)
                _coordinator.Tell(new CopyLost(v.Answer.Hash, _self.Address, LossReason.Corrupt));
            v.ReplyTo.Tell(v.Answer);
        });
        Receive<DeleteBlob>(Delete);
        Receive<DeleteOrphan>(DeleteOrphan);
        Receive<ReportIngested>(r =>
        {
            Touch(r.Hash);
            _coordinator.Tell(new CopyAdded(r.Hash, r.Size, _self.Address));
        });
        Receive<GetNodeInfo>(_ => Sender.Tell(Current()));
        Receive<SetDraining>(d =>
        {
            _self = _self with { Draining = d.Draining };
            Sender.Tell(Current());
        });
        Receive<ReportCorrupt>(r => _coordinator.Tell(new CopyLost(r.Hash, _self.Address, LossReason.Corrupt)));
        Receive<ReportStored>(r => _coordinator.Tell(new CopyAdded(r.Hash, r.Size, _self.Address)));
    }

    public static Props Props(BlobStore store, NodeInfo self, BlobTransferClient client, INodeDirectory directory, IActorRef coordinatorProxy) =>
        Props(store, self, client, directory, coordinatorProxy, new ReplicationSettings());

    public static Props Props(BlobStore store, NodeInfo self, BlobTransferClient client, INodeDirectory directory, IActorRef coordinatorProxy,
        ReplicationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Akka.Actor.Props.Create(() => new ReplicaActor(store, self, client, directory, coordinatorProxy, settings));
    }

    private NodeInfo Current()
    {
        var capacity = _store.Capacity();
        return _self with { TotalBytes = capacity.TotalBytes, FreeBytes = capacity.FreeBytes };
    }

    private void Fetch(FetchBlob fetch)
    {
        if (!BlobHash.IsValid(fetch.Hash))
        {
            Sender.Tell(new BlobFetchFailed(fetch.Hash ?? "", _self.Address, "not a blob hash"));
            return;
        }
        if (_waiting.TryGetValue(fetch.Hash, out var waiters))
        {
            waiters.Add(Sender);
            return;
        }
        _waiting[fetch.Hash] = [Sender];
        (fetch.Urgent ? _urgent : _queue).Enqueue(fetch);
        StartQueued();
    }

    // Urgent fetches (quorum writes, follow-ups) first; repairs never take the last slot, so an ingest never waits
    // behind a node-loss repair storm.
    private void StartQueued()
    {
        while (_running < _fetchConcurrency)
        {
            var repairSlots = _fetchConcurrency > 1 ? _fetchConcurrency - 1 : 1;
            var runningRepairs = _runningUrgency.Values.Count(u => !u);
            if (!_urgent.TryDequeue(out var next) && !(runningRepairs < repairSlots && _queue.TryDequeue(out next)))
                return;
            _running++;
            _runningUrgency[next.Hash] = next.Urgent;
            var hash = next.Hash;
            RunFetchAsync(next).PipeTo(Self, failure: e => new Status.Failure(e, new FetchFailedState(hash)));
        }
    }

    private void Finished(FetchFinished done)
    {
        if (!_runningUrgency.Remove(done.Hash))
            return; // already finished (the backstop and the task both answered)
        _running--;
        object answer;
        if (done.Stored is { } blob)
        {
            _coordinator.Tell(new CopyAdded(blob.Hash, blob.Size, _self.Address));
            answer = new BlobFetched(done.Hash, _self.Address);
        }
        else
        {
            _log.Warning("Fetching blob {Hash} failed: {Reason}", done.Hash, done.Reason);
            answer = new BlobFetchFailed(done.Hash, _self.Address, done.Reason ?? "failed");
        }
        if (_waiting.Remove(done.Hash, out var waiters))
        {
            foreach (var waiter in waiters)
                waiter.Tell(answer);
        }
        StartQueued();
    }

    // Runs on the thread pool: no actor state is touched here, only the store, the client and the directory. Every path
    // ends in a FetchFinished, whatever throws: a lost answer would hold a fetch slot and its waiters for ever.
    private async Task<FetchFinished> RunFetchAsync(FetchBlob fetch)
    {
        try
        {
            return await FetchOnceAsync(fetch).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return new FetchFinished(fetch.Hash, null, $"fetch failed: {e.Message}");
        }
    }

    private async Task<FetchFinished> FetchOnceAsync(FetchBlob fetch)
    {
        using var timeout = new CancellationTokenSource(_settings.TransferDeadline(fetch.Size));
        try
        {
            // Already here and intact: nothing to move. A corrupt local copy is quarantined by the check and refetched.
            // Reused, so its file time is touched: an orphan clean-up decided before this cannot delete it.
            if (_store.Find(fetch.Hash) is { } local && await _store.VerifyAsync(fetch.Hash, timeout.Token).ConfigureAwait(false))
            {
                Touch(fetch.Hash);
                return new FetchFinished(fetch.Hash, local, null);
            }
        }
        catch (FileNotFoundException)
        {
            // Deleted between the two calls: fetch it.
        }
        var reasons = new List<string>();
        foreach (var source in fetch.SourceAddresses.Where(a => a != _self.Address))
        {
            try
            {
                var node = _directory.Find(source) ?? await AskNodeAsync(source, timeout.Token).ConfigureAwait(false);
                if (node is null)
                {
                    reasons.Add($"{source}: unknown node");
                    continue;
                }
                var stored = await _client.FetchAsync(new Uri(node.TransferUrl), fetch.Hash, _store, timeout.Token).ConfigureAwait(false);
                return new FetchFinished(fetch.Hash, stored, null);
            }
            catch (Exception e)
            {
                // Any failure of one source (refused, corrupt there, unreachable, timed out) moves on to the next.
                reasons.Add($"{source}: {e.Message}");
            }
        }
        return new FetchFinished(fetch.Hash, null, reasons.Count == 0 ? "no source besides this node" : string.Join("; ", reasons));
    }

    // A node that joined a moment ago may not be in the directory yet; its replica actor knows where it listens.
    private async Task<NodeInfo?> AskNodeAsync(string address, CancellationToken ct)
    {
        try
        {
            return await _system.ActorSelection($"{address}/user/{ReplicationStartup.ReplicaName}")
                .Ask<NodeInfo>(GetNodeInfo.Instance, TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    private void Verify(VerifyBlob verify)
    {
        var replyTo = Sender;
        var hash = verify.Hash;
        Task.Run(async () =>
        {
            try
            {
                if (!BlobHash.IsValid(hash) || _store.Find(hash) is null)
                    return new VerifyFinished(new BlobVerified(hash ?? "", BlobCondition.Absent), replyTo);
                var good = await _store.VerifyAsync(hash).ConfigureAwait(false);
                return new VerifyFinished(new BlobVerified(hash, good ? BlobCondition.Good : BlobCondition.Corrupt), replyTo);
            }
            catch (Exception e)
            {
                // Unreadable or gone: not a good copy, so a trim that wanted to keep it stops before deleting anything.
                if (e is not FileNotFoundException)
                    _log.Warning("Verifying blob {Hash} failed: {Reason}", hash, e.Message);
                return new VerifyFinished(new BlobVerified(hash ?? "", BlobCondition.Absent), replyTo);
            }
        }).PipeTo(Self, failure: e => new Status.Failure(e, new VerifyFailedState(hash ?? "", replyTo)));
    }

    // Orphan clean-up is a claim made from a possibly stale view: refused when the copy is in use or newer than the claim.
    private void DeleteOrphan(DeleteOrphan delete)
    {
        if (!BlobHash.IsValid(delete.Hash))
            return;
        var path = PathOf(delete.Hash);
        var written = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
        if (_waiting.ContainsKey(delete.Hash) || written > delete.NotWrittenAfterUtc)
        {
            _log.Info("Keeping blob {Hash}: the orphan clean-up is stale (written {Written:o}, in use {InUse})", delete.Hash, written,
                _waiting.ContainsKey(delete.Hash));
            if (written > DateTime.MinValue)
                _coordinator.Tell(new CopyAdded(delete.Hash, new FileInfo(path).Length, _self.Address));
            return;
        }
        Delete(new DeleteBlob(delete.Hash));
    }

    private string PathOf(string hash) => Path.Combine(_store.Root, "blobs", hash[..2], hash[2..4], hash);

    private void Touch(string hash)
    {
        try
        {
            File.SetLastWriteTimeUtc(PathOf(hash), DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone meanwhile: nothing to protect.
        }
    }

    private void Delete(DeleteBlob delete)
    {
        if (BlobHash.IsValid(delete.Hash))
        {
            _store.Delete(delete.Hash);
            _coordinator.Tell(new CopyLost(delete.Hash, _self.Address, LossReason.Deleted));
        }
        Sender.Tell(new BlobDeleted(delete.Hash, _self.Address));
    }

    private sealed record FetchFinished(string Hash, BlobInfo? Stored, string? Reason);

    private sealed record VerifyFinished(BlobVerified Answer, IActorRef ReplyTo);

    private sealed record FetchFailedState(string Hash);

    private sealed record VerifyFailedState(string Hash, IActorRef ReplyTo);
}
