namespace Peake.Storage;

/// <summary>
/// A blob being written push-style (the ingest path receives PDV fragments rather than a stream). Bytes go to a
/// temporary file while being hashed; <see cref="CommitAsync"/> makes the blob durable and visible under its hash.
/// Disposing without a commit deletes the temporary file: nothing of an unfinished write is ever visible.
/// Not thread-safe: one writer at a time.
/// </summary>
public sealed class PendingBlob : IAsyncDisposable
{
    internal PendingBlob(BlobStore store, string tempPath)
    {
        _ = store;
        _ = tempPath;
        throw new NotImplementedException();
    }

    /// <summary>Bytes written so far.</summary>
    public long Length { get; private set; }

    /// <summary>Appends bytes (synchronously: they land in the page cache; their writeback is started early).</summary>
    public void Write(ReadOnlySpan<byte> bytes) => throw new NotImplementedException();

    /// <summary>
    /// Flushes the bytes to disk, renames the file into place and flushes its folder. Idempotent when the blob already
    /// exists (an intact existing blob is kept; a corrupt one is quarantined and replaced).
    /// </summary>
    /// <exception cref="BlobHashMismatchException">The bytes do not hash to <paramref name="expectedHash"/>; nothing stored.</exception>
    /// <exception cref="InsufficientStorageException">The disk fell below the reserve; nothing stored.</exception>
    public Task<BlobInfo> CommitAsync(string? expectedHash = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public ValueTask DisposeAsync() => throw new NotImplementedException();
}
