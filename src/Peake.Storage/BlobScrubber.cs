using System.Buffers;

namespace Peake.Storage;

/// <summary>
/// Re-hashes every blob of a store at a bounded pace so that silent disk corruption is found before a reader needs the
/// blob. A corrupt blob is quarantined by the store (as any verifying read does) and reported to the caller, whose job
/// is to get a good copy back.
/// <para>
/// Pacing: a pass keeps a schedule "n bytes read may not happen before n / rate seconds after the pass started" and
/// sleeps whenever it runs ahead of it. Sleeping only once ahead by <see cref="MinimumSleep"/> keeps timer calls rare,
/// and because the schedule is cumulative the average rate stays exact however coarse each sleep is.
/// </para>
/// </summary>
public sealed class BlobScrubber
{
    private static readonly TimeSpan MinimumSleep = TimeSpan.FromMilliseconds(20);
    private const int ChunkSize = 1 << 16;

    private readonly BlobStore _store;
    private readonly ScrubOptions _options;
    private readonly TimeProvider _time;

    public BlobScrubber(BlobStore store, ScrubOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PassInterval, TimeSpan.Zero, nameof(options));
        _store = store;
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Scrub passes separated by <see cref="ScrubOptions.PassInterval"/> until cancelled; ends quietly on cancellation.
    /// A blob that cannot be read (EIO, refused open) is reported like a corrupt one and the pass goes on; only a
    /// store-wide failure (its folders gone) ends it with that exception (the node restarts it with a backoff).
    /// </summary>
    public async Task RunAsync(Func<string, ValueTask> onCorrupt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onCorrupt);
        try
        {
            while (true)
            {
                await ScrubOnceAsync(onCorrupt, cancellationToken).ConfigureAwait(false);
                await Task.Delay(_options.PassInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping is the normal end of a background loop.
        }
    }

    /// <summary>One pass over the blobs present when the pass reaches them (blobs deleted meanwhile are skipped).</summary>
    public async Task<ScrubPass> ScrubOnceAsync(Func<string, ValueTask> onCorrupt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onCorrupt);
        var started = _time.GetTimestamp();
        var corrupt = new List<string>();
        long blobs = 0;
        long bytes = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            foreach (var blob in _store.InventoryDetailed())
            {
                cancellationToken.ThrowIfCancellationRequested();
                bool intact;
                try
                {
                    (intact, bytes) = await ReadThroughAsync(blob.Hash, buffer, started, bytes, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException && _store.IsPresent)
                {
                    // Deleted since the listing.
                    continue;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The blob could not even be opened. One bad file must not stop the scrub of the rest of the disk;
                    // a missing store must.
                    if (!_store.IsPresent)
                    {
                        throw;
                    }
                    intact = false;
                }
                blobs++;
                if (!intact)
                {
                    corrupt.Add(blob.Hash);
                    await onCorrupt(blob.Hash).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return new ScrubPass(blobs, bytes, corrupt, _time.GetElapsedTime(started));
    }

    // Reads the blob to its end through the store's verifying stream, which quarantines it when its hash is wrong.
    private async Task<(bool Intact, long Bytes)> ReadThroughAsync(
        string hash, byte[] buffer, long started, long bytes, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = _store.OpenRead(hash);
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                bytes += read;
                await KeepPaceAsync(started, bytes, cancellationToken).ConfigureAwait(false);
            }
            return (true, bytes);
        }
        catch (BlobCorruptException)
        {
            return (false, bytes);
        }
    }

    private async Task KeepPaceAsync(long started, long bytes, CancellationToken cancellationToken)
    {
        if (_options.BytesPerSecond <= 0)
        {
            return;
        }
        var due = TimeSpan.FromSeconds((double)bytes / _options.BytesPerSecond);
        var ahead = due - _time.GetElapsedTime(started);
        if (ahead >= MinimumSleep)
        {
            await Task.Delay(ahead, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
