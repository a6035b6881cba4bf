namespace Peake.Storage;

/// <summary>A stored blob: its SHA-256 name and its size in bytes.</summary>
public sealed record BlobInfo(string Hash, long Size);
