using Akka.Actor;
using Akka.Event;
using Peake.Storage;
using Peake.Transfer;

namespace Peake.Replication;

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
    private readonly int _fetchConcurrency;
    private readonly TimeSpan _fetchTimeout;
    private readonly Dictionary<string, List<IActorRef>> _waiting = new(StringComparer.Ordinal);
    private readonly Queue<FetchBlob> _queue = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ActorSystem _system = Context.System;
    private NodeInfo _self;
    private int _running;

    public ReplicaActor(BlobStore store, NodeInfo self, BlobTransferClient client, INodeDirectory directory, IActorRef coordinator,
        int fetchConcurrency, TimeSpan fetchTimeout)
    {
        _store = store;
        _self = self;
        _client = client;
        _directory = directory;
        _coordinator = coordinator;
        _fetchConcurrency = fetchConcurrency;
        _fetchTimeout = fetchTimeout;

        Receive<FetchBlob>(Fetch);
        Receive<FetchFinished>(Finished);
        Receive<VerifyBlob>(Verify);
        Receive<VerifyFinished>(v =>
        {
            if (v.Answer.Condition == BlobCondition.Corrupt)
                _coordinator.Tell(new CopyLost(v.Answer.Hash, _self.Address, LossReason.Corrupt));
            v.ReplyTo.Tell(v.Answer);
        });
        Receive<DeleteBlob>(Delete);
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
        return Akka.Actor.Props.Create(() => new ReplicaActor(store, self, client, directory, coordinatorProxy,
            settings.FetchConcurrency, settings.RequestTimeout));
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
        _queue.Enqueue(fetch);
        StartQueued();
    }

    private void StartQueued()
    {
        while (_running < _fetchConcurrency && _queue.TryDequeue(out var next))
        {
            _running++;
            RunFetchAsync(next).PipeTo(Self);
        }
    }

    private void Finished(FetchFinished done)
    {
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

    // Runs on the thread pool: no actor state is touched here, only the store, the client and the directory.
    private async Task<FetchFinished> RunFetchAsync(FetchBlob fetch)
    {
        using var timeout = new CancellationTokenSource(_fetchTimeout);
        try
        {
            // Already here and intact: nothing to move. A corrupt local copy is quarantined by the check and refetched.
            if (_store.Find(fetch.Hash) is { } local && await _store.VerifyAsync(fetch.Hash, timeout.Token).ConfigureAwait(false))
                return new FetchFinished(fetch.Hash, local, null);
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
            if (!BlobHash.IsValid(hash) || _store.Find(hash) is null)
                return new VerifyFinished(new BlobVerified(hash ?? "", BlobCondition.Absent), replyTo);
            try
            {
                var good = await _store.VerifyAsync(hash).ConfigureAwait(false);
                return new VerifyFinished(new BlobVerified(hash, good ? BlobCondition.Good : BlobCondition.Corrupt), replyTo);
            }
            catch (FileNotFoundException)
            {
                return new VerifyFinished(new BlobVerified(hash, BlobCondition.Absent), replyTo);
            }
        }).PipeTo(Self);
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
}
