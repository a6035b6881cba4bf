namespace Peake.Storage;

/// <summary>A write was refused because the disk would fall below the configured reserve; nothing was stored.</summary>
public sealed class InsufficientStorageException : IOException
{
    public InsufficientStorageException(long available, long needed)
        : base($"refusing to store a blob: {available} bytes free on the disk, {needed} needed (reserve included)")
    {
        Available = available;
        Needed = needed;
    }

    public long Available { get; }

    public long Needed { get; }
}
