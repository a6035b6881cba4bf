namespace Peake.Storage;

/// <summary>
/// The size of the disk holding a blob store and the bytes a write may still take there: the disk's free space minus
/// the store's reserve, never below zero. Placement compares <see cref="FreeBytes"/> across nodes, so it already
/// excludes what the node would refuse anyway.
/// </summary>
public sealed record StorageCapacity(long TotalBytes, long FreeBytes);
