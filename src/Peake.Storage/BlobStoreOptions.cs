namespace Peake.Storage;

/// <summary>Where a node keeps its blobs, and how much free disk a write must leave untouched.</summary>
public sealed record BlobStoreOptions(string Root)
{
    /// <summary>A write is refused when the disk has less free space than this (plus the blob's size when known).</summary>
    public long ReserveBytes { get; init; } = 1L << 30;

    /// <summary>
    /// Where the free-space figure comes from (bytes available to this process on the store's disk); null asks the
    /// disk. Tests set it to make a disk look full at a chosen moment, which a real disk shared with other work cannot
    /// do reliably.
    /// </summary>
    public Func<long>? AvailableBytes { get; init; }
}
