namespace Peake.Dicom.Network.Server;

/// <summary>
/// Group commit of one folder's flushes: callers that ask while a flush is running all wait for the next one, and a
/// single <see cref="DirectorySync.Flush"/> then covers every rename they made. Each caller returns only after a
/// flush that started after its call (so after its rename) has succeeded, or throws that flush's error: the same
/// guarantee as its own flush, with one disk wait per group instead of per instance when associations run in
/// parallel (docs/decisions/0014-store-durability.md).
/// </summary>
internal sealed class DirectorySyncGroup(string directory, Action<string>? flush = null)
{
    private readonly Action<string> _flush = flush ?? DirectorySync.Flush;
    private readonly object _gate = new();
    private Round? _next;
    private bool _flushing;
    private int _waiting;

    /// <summary>Callers waiting for a running flush to end (for tests of the grouping).</summary>
    internal int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting;
            }
        }
    }

    /// <exception cref="IOException">The flush that would have covered this call failed.</exception>
    public void Flush()
    {
        Round round;
        bool lead;
        lock (_gate)
        {
            // The round not yet started: its flush begins after this call, so it covers what the caller did before.
            round = _next ??= new Round();
            while (_flushing && !round.Done)
            {
                _waiting++;
                Monitor.Wait(_gate);
                _waiting--;
            }
            lead = !round.Done;
            if (lead)
            {
                _flushing = true;
                _next = null;
            }
        }
        if (lead)
        {
            Lead(round);
        }
        lock (_gate)
        {
            if (round.Error is not null)
            {
                throw new IOException(round.Error.Message, round.Error);
            }
        }
    }

    private void Lead(Round round)
    {
        try
        {
            _flush(directory);
        }
        catch (IOException e)
        {
            round.Error = e;
        }
        finally
        {
            lock (_gate)
            {
                round.Done = true;
                _flushing = false;
                Monitor.PulseAll(_gate);
            }
        }
    }

    private sealed class Round
    {
        public bool Done { get; set; }

        public IOException? Error { get; set; }
    }
}
