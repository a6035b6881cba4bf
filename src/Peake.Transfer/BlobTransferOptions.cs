namespace Peake.Transfer;

/// <summary>Limits of a node's blob transfer endpoints.</summary>
public sealed class BlobTransferOptions
{
    /// <summary>
    /// Blob GETs and PUTs served at once; further requests wait for a slot (back-pressure on the peers) instead of
    /// splitting the disk and the network between ever more streams.
    /// </summary>
    public int MaxConcurrentTransfers { get; init; } = 8;
}
