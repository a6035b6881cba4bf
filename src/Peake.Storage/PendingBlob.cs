using System.Buffers;
using System.Security.Cryptography;

namespace Peake.Storage;

/// <summary>
/// A blob being written push-style (the ingest path receives PDV fragments rather than a stream). Bytes go to a
/// temporary file while being hashed; <see cref="CommitAsync"/> makes the blob durable and visible under its hash.
/// Disposing without a commit deletes the temporary file: nothing of an unfinished write is ever visible.
/// Not thread-safe: one writer at a time.
/// </summary>
public sealed class PendingBlob : IAsyncDisposable
{
    // How many bytes may wait in the page cache before their writeback is started (EarlyWriteback): the fsync of the
    // commit then waits for the tail only. The same figure the folder store measured (docs/decisions/0014).
    private const long WritebackEvery = 128 * 1024;
    private const int BufferSize = 1 << 16;

    // How often a growing write re-checks the disk against the reserve: a chunked PUT or a C-STORE has no size up
    // front, and 64 concurrent writers checked only at the start could fill the disk (journal included) to ENOSPC.
    internal const long SpaceCheckEvery = 8 * 1024 * 1024;

    private readonly BlobStore _store;
    private readonly string _tempPath;
    private readonly FileStream _file;
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _unsent;
    private long _unchecked;
    private bool _closed;
    private BlobInfo? _committed;

    internal PendingBlob(BlobStore store, string tempPath)
    {
        _store = store;
        _tempPath = tempPath;
        _file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize);
    }

    /// <summary>Bytes written so far.</summary>
    public long Length { get; private set; }

    // Synchronous on purpose: a write lands in the page cache in microseconds, while an async FileStream on Unix hands
    // every write to a thread-pool thread (see FolderStoreSink, which measured it).
    /// <summary>Appends bytes (synchronously: they land in the page cache; their writeback is started early).</summary>
    /// <exception cref="ObjectDisposedException">The blob was already committed, discarded or disposed.</exception>
    /// <exception cref="InsufficientStorageException">The disk fell below the reserve while the blob grew.</exception>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        _unchecked += bytes.Length;
        if (_unchecked >= SpaceCheckEvery)
        {
            _store.EnsureSpace(0);
            _unchecked = 0;
        }
        _sha.AppendData(bytes);
        _file.Write(bytes);
        Length += bytes.Length;
        _unsent += bytes.Length;
        if (_unsent >= WritebackEvery)
        {
            _file.Flush();
            EarlyWriteback.Start(_file.SafeFileHandle);
            _unsent = 0;
        }
    }

    /// <summary>Appends the stream's remaining bytes, reading it in bounded chunks (never the whole stream at once).</summary>
    public async Task WriteFromAsync(Stream source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                Write(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Flushes the bytes to disk, renames the file into place and flushes its folder. Idempotent when the blob already
    /// exists (an intact existing blob is kept; a corrupt one is quarantined and replaced), and when called again after
    /// a successful commit. A failed commit discards the bytes.
    /// </summary>
    /// <exception cref="BlobHashMismatchException">The bytes do not hash to <paramref name="expectedHash"/>; nothing stored.</exception>
    /// <exception cref="InsufficientStorageException">The disk fell below the reserve; nothing stored.</exception>
    public async Task<BlobInfo> CommitAsync(string? expectedHash = null, CancellationToken cancellationToken = default)
    {
        if (_committed is not null)
        {
            return _committed;
        }
        ObjectDisposedException.ThrowIf(_closed, this);
        if (expectedHash is not null)
        {
            BlobHash.Require(expectedHash, nameof(expectedHash));
        }
        try
        {
            var hash = BlobHash.ToHex(_sha.GetHashAndReset());
            if (expectedHash is not null && hash != expectedHash)
            {
                throw new BlobHashMismatchException(expectedHash, hash);
            }
            // Durable before visible: the data reaches the disk, then the rename publishes it.
            _file.Flush(flushToDisk: true);
            Close();
            _committed = await _store.PublishAsync(_tempPath, new BlobInfo(hash, Length), cancellationToken).ConfigureAwait(false);
            return _committed;
        }
        finally
        {
            // Also after success: the rename consumed the file, unless an intact blob was already there (or a
            // concurrent writer of the same bytes won the rename), and then the copy is surplus.
            Discard();
        }
    }

    /// <summary>Deletes the temporary file unless the blob was committed.</summary>
    public ValueTask DisposeAsync()
    {
        if (_committed is null)
        {
            Discard();
        }
        else
        {
            Close();
        }
        return ValueTask.CompletedTask;
    }

    private void Close()
    {
        if (_closed)
        {
            return;
        }
        _closed = true;
        _file.Dispose();
        _sha.Dispose();
    }

    private void Discard()
    {
        Close();
        File.Delete(_tempPath);
    }
}
