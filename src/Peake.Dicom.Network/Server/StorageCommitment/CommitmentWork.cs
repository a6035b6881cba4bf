namespace Peake.Dicom.Network.Server.StorageCommitment;

/// <summary>
/// The storage commitment work of one server, across its associations: a bound on transactions whose report is not
/// yet answered (a peer connecting, asking and leaving over and over must not pile up decisions and deliveries; past
/// it N-ACTION is answered 0213H), the server's stopping token, and the background tasks (decisions, deliveries on a
/// new association) that the server awaits, bounded, when it stops.
/// </summary>
internal sealed class CommitmentWork
{
    private readonly HashSet<Task> _running = [];
    private readonly Lock _gate = new();
    private readonly int _max;
    private int _outstanding;

    public CommitmentWork(int maxOutstanding, CancellationToken stopping)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxOutstanding);
        _max = maxOutstanding;
        Stopping = stopping;
    }

    /// <summary>Cancelled when the server stops: decisions end (all failed) and deliveries are abandoned.</summary>
    public CancellationToken Stopping { get; }

    /// <summary>Transactions accepted whose report is not yet answered or given up on.</summary>
    public int Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>Takes a slot for a new transaction; false past the bound or once the server is stopping.</summary>
    public bool TryBegin()
    {
        if (Stopping.IsCancellationRequested)
        {
            return false;
        }

        if (Interlocked.Increment(ref _outstanding) <= _max)
        {
            return true;
        }

        Interlocked.Decrement(ref _outstanding);
        return false;
    }

    /// <summary>A transaction's report was answered, or given up on.</summary>
    public void End() => Interlocked.Decrement(ref _outstanding);

    /// <summary>Keeps <paramref name="task"/> until it completes, for <see cref="DrainAsync"/>.</summary>
    public void Track(Task task)
    {
        lock (_gate)
        {
            _running.Add(task);
        }

        _ = task.ContinueWith(
            t =>
            {
                lock (_gate)
                {
                    _running.Remove(t);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Waits, at most <paramref name="bound"/>, for the tracked tasks (called once stopping is signalled).</summary>
    public async Task DrainAsync(TimeSpan bound)
    {
        Task[] running;
        lock (_gate)
        {
            running = [.. _running];
        }

        try
        {
            await Task.WhenAll(running).WaitAsync(bound).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Bounded: a delivery stuck in a peer's TCP window must not hold the server's shutdown.
        }
    }
}
