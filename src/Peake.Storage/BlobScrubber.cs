namespace Peake.Storage;

/// <summary>
/// Re-hashes every blob of a store at a bounded pace so that silent disk corruption is found before a reader needs the
/// blob. A corrupt blob is quarantined by the store (as any verifying read does) and reported to the caller, whose job
/// is to get a good copy back.
/// </summary>
public sealed class BlobScrubber
{
    private readonly BlobStore _store;
    private readonly ScrubOptions _options;
    private readonly TimeProvider _time;

    public BlobScrubber(BlobStore store, ScrubOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Scrub passes separated by <see cref="ScrubOptions.PassInterval"/> until cancelled; ends quietly on cancellation.</summary>
    public Task RunAsync(Func<string, ValueTask> onCorrupt, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    /// <summary>One pass over every blob present when the pass starts.</summary>
    public Task<ScrubPass> ScrubOnceAsync(Func<string, ValueTask> onCorrupt, CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}
