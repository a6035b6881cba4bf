namespace Peake.Storage;

/// <summary>Where a node keeps its blobs, and how much free disk a write must leave untouched.</summary>
public sealed record BlobStoreOptions(string Root)
{
    /// <summary>A write is refused when the disk has less free space than this (plus the blob's size when known).</summary>
    public long ReserveBytes { get; init; } = 1L << 30;
}
