namespace Peake.Replication.Coordinator;

/// <summary>
/// New ingests waiting for their remaining copies (ADR 0026's follow-ups), oldest first, started as follow-up slots free
/// rather than on the next tick. Bounded: while the coordinator is not ready (a fail-over, a catalog catching up) the
/// queue would grow with every ingest; a hash refused when it is full is left to the tick's plan, which finds every
/// under-replicated blob anyway (and still treats a fresh one as a follow-up).
/// <para>
/// A hash can be catalogued before its quorum copies are reported (the catalog event and the replica reports travel
/// apart): with no live copy to fetch from it cannot start yet. It waits, at most once per reported copy, for its
/// copies instead of falling back to the tick: the first copy reported puts it back in the queue.
/// </para>
/// </summary>
internal sealed class FollowUpQueue(int capacity = FollowUpQueue.DefaultCapacity)
{
    /// <summary>About a megabyte of hashes: hours of ingest at the coordinator's follow-up rate.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly Queue<string> _queue = new();
    private readonly HashSet<string> _awaitingCopies = new(StringComparer.Ordinal);

    public int Count => _queue.Count;

    public int AwaitingCopies => _awaitingCopies.Count;

    /// <summary>Queues the hash; false when full (the tick's plan then starts it).</summary>
    public bool Enqueue(string hash)
    {
        if (_queue.Count >= capacity)
            return false;
        _queue.Enqueue(hash);
        return true;
    }

    public bool TryDequeue(out string hash) => _queue.TryDequeue(out hash!);

    /// <summary>The hash has no live copy reported yet: it is queued again when one is (<see cref="CopyReported"/>).</summary>
    public void AwaitCopies(string hash)
    {
        if (_awaitingCopies.Count < capacity)
            _awaitingCopies.Add(hash);
    }

    /// <summary>A copy of the hash was reported; true when the hash was waiting for it and is queued again.</summary>
    public bool CopyReported(string hash) => _awaitingCopies.Remove(hash) && Enqueue(hash);

    /// <summary>Forgets the waiting hashes that are no longer follow-ups (the plan owns them now).</summary>
    public void KeepAwaiting(Func<string, bool> stillFollowUp) => _awaitingCopies.RemoveWhere(h => !stillFollowUp(h));
}
