namespace Peake.Storage;

/// <summary>How fast a <see cref="BlobScrubber"/> re-reads the store, and how long it rests between passes.</summary>
public sealed class ScrubOptions
{
    /// <summary>
    /// Read budget in bytes per second; 0 or less means unthrottled. The scrubber competes with ingest and repairs
    /// for the same disk, so a low rate keeps it in the background at the price of a longer pass.
    /// </summary>
    public long BytesPerSecond { get; init; } = 20L * 1024 * 1024;

    /// <summary>Rest between the end of one pass and the start of the next.</summary>
    public TimeSpan PassInterval { get; init; } = TimeSpan.FromHours(1);
}
