namespace Peake.Storage;

/// <summary>A blob in a store's inventory: its name, size and when it was written (UTC, the file's modification time).</summary>
public sealed record StoredBlob(string Hash, long Size, DateTime WrittenUtc);
