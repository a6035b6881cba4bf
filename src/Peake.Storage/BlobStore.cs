using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Peake.Storage;

/// <summary>
/// A node's content-addressed blob store: a blob is named by the SHA-256 of its bytes and lives at
/// <c>&lt;root&gt;/blobs/ab/cd/&lt;hash&gt;</c>. A write streams into <c>&lt;root&gt;/tmp</c> while hashing, is
/// flushed to disk, renamed into place and its folder flushed, so a blob is either absent or complete and durable;
/// blobs are never modified in place. Corrupt blobs found on read or verify move to <c>&lt;root&gt;/quarantine</c>
/// and are never served again. Hash names are validated before any path is built from them.
/// </summary>
public sealed class BlobStore
{
    private const int BufferSize = 1 << 16;

    private readonly long _reserve;
    private readonly Func<long>? _availableBytes;
    private readonly string _blobs;
    private readonly string _tmp;
    private readonly string _quarantine;

    private BlobStore(BlobStoreOptions options)
    {
        Root = Path.GetFullPath(options.Root);
        _reserve = options.ReserveBytes;
        _availableBytes = options.AvailableBytes;
        _blobs = Path.Combine(Root, "blobs");
        _tmp = Path.Combine(Root, "tmp");
        _quarantine = Path.Combine(Root, "quarantine");
    }

    public string Root { get; }

    /// <summary>
    /// Opens (creating if needed) the store at the options' root. Temporary files left by a crash are deleted: their
    /// writes were never acknowledged.
    /// </summary>
    public static BlobStore Open(BlobStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.ReserveBytes);
        var store = new BlobStore(options);
        foreach (var folder in new[] { store._blobs, store._tmp, store._quarantine })
        {
            Directory.CreateDirectory(folder);
        }
        foreach (var leftover in Directory.EnumerateFiles(store._tmp))
        {
            File.Delete(leftover);
        }
        DirectorySync.Flush(store._tmp);
        DirectorySync.Flush(store.Root);
        return store;
    }

    /// <summary>
    /// Stores the stream's remaining bytes and returns the blob's name and size. Storing bytes that are already there
    /// is idempotent (the existing blob is verified; a corrupt one is quarantined and replaced by the new bytes).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="expectedHash"/> is not a valid hash.</exception>
    /// <exception cref="BlobHashMismatchException">The bytes do not hash to <paramref name="expectedHash"/>.</exception>
    /// <exception cref="InsufficientStorageException">The disk is (or would fall) below the reserve.</exception>
    public async Task<BlobInfo> WriteAsync(Stream content, string? expectedHash = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (expectedHash is not null)
        {
            BlobHash.Require(expectedHash, nameof(expectedHash));
        }
        await using var pending = BeginWrite(content.CanSeek ? Math.Max(0, content.Length - content.Position) : null);
        await pending.WriteFromAsync(content, cancellationToken).ConfigureAwait(false);
        return await pending.CommitAsync(expectedHash, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts a push-style write (<see cref="PendingBlob"/>). A known <paramref name="expectedSize"/> is checked against
    /// the reserve now, so a write that cannot fit is refused before any byte is received.
    /// </summary>
    /// <exception cref="InsufficientStorageException">The disk is (or would fall) below the reserve.</exception>
    public PendingBlob BeginWrite(long? expectedSize = null)
    {
        if (expectedSize is { } size)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(size, nameof(expectedSize));
        }
        EnsureSpace(expectedSize ?? 0);
        return new PendingBlob(this, Path.Combine(_tmp, Guid.NewGuid().ToString("N") + ".part"));
    }

    /// <summary>The disk's size and the bytes a write may still take (free space minus the reserve, at least 0).</summary>
    public StorageCapacity Capacity()
    {
        var drive = new DriveInfo(Root);
        return new StorageCapacity(drive.TotalSize, Math.Max(0, Available() - _reserve));
    }

    /// <summary>The blob's name and size, or null when the store does not have it.</summary>
    /// <exception cref="ArgumentException">Not a valid hash.</exception>
    public BlobInfo? Find(string hash)
    {
        var file = new FileInfo(PathOf(BlobHash.Require(hash)));
        return file.Exists ? new BlobInfo(hash, file.Length) : null;
    }

    /// <summary>
    /// Every blob with its size and write time, streamed from the folder tree (files whose name or place is not a
    /// blob's are ignored). Blobs written or removed during the enumeration may or may not appear.
    /// </summary>
    public IEnumerable<StoredBlob> InventoryDetailed()
    {
        foreach (var file in new DirectoryInfo(_blobs).EnumerateFiles("*", SearchOption.AllDirectories))
        {
            if (BlobHash.IsValid(file.Name) && string.Equals(file.FullName, PathOf(file.Name), StringComparison.Ordinal))
            {
                yield return new StoredBlob(file.Name, file.Length, file.LastWriteTimeUtc);
            }
        }
    }

    /// <summary>
    /// Opens the blob for a forward read that checks its hash at the end of the file: reading to the end either
    /// yields exactly the stored bytes or throws <see cref="BlobCorruptException"/> (and the blob is quarantined).
    /// A read error (EIO) is a lost copy as much as a wrong hash, so it is reported the same way.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such blob.</exception>
    public Stream OpenRead(string hash)
    {
        var path = PathOf(BlobHash.Require(hash));
        return new VerifyingReadStream(OpenFile(path), hash, Quarantine);
    }

    /// <summary>
    /// Re-hashes the blob: true when intact; false when corrupt or unreadable (a read error such as EIO): it has then
    /// been quarantined, provided the file read is still the one at its path.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such blob.</exception>
    public async Task<bool> VerifyAsync(string hash, CancellationToken cancellationToken = default)
    {
        var path = PathOf(BlobHash.Require(hash));
        await using var file = OpenFile(path);
        string actual;
        try
        {
            actual = BlobHash.ToHex(await SHA256.HashDataAsync(file, cancellationToken).ConfigureAwait(false));
        }
        catch (IOException)
        {
            Quarantine(hash, file.SafeFileHandle);
            return false;
        }
        if (actual == hash)
        {
            return true;
        }
        Quarantine(hash, file.SafeFileHandle);
        return false;
    }

    public bool Exists(string hash) => File.Exists(PathOf(BlobHash.Require(hash)));

    /// <summary>Removes the blob; false when there was none.</summary>
    public bool Delete(string hash)
    {
        var path = PathOf(BlobHash.Require(hash));
        if (!File.Exists(path))
        {
            return false;
        }
        File.Delete(path);
        DirectorySync.Flush(Path.GetDirectoryName(path)!);
        return true;
    }

    /// <summary>Every blob in the store with its size (files whose name or place is not a blob's are ignored).</summary>
    public IEnumerable<BlobInfo> Inventory() => InventoryDetailed().Select(blob => new BlobInfo(blob.Hash, blob.Size));

    /// <summary>Whether the store's folders are still there: their absence is a store-wide failure, not a bad blob.</summary>
    internal bool IsPresent => Directory.Exists(_blobs) && Directory.Exists(_quarantine);

    internal string PathOf(string hash) => Path.Combine(_blobs, hash[..2], hash[2..4], hash);

    // Also called by PendingBlob while bytes arrive: a write of unknown size is checked as it grows.
    internal void EnsureSpace(long incoming)
    {
        var available = Available();
        var needed = _reserve + incoming;
        if (available < needed)
        {
            throw new InsufficientStorageException(available, needed);
        }
    }

    // The last step of a write, once the temporary file is flushed: a stream of unknown length is checked against the
    // reserve again now that its size is known, and an intact blob already there is kept.
    internal async Task<BlobInfo> PublishAsync(string temp, BlobInfo blob, CancellationToken cancellationToken)
    {
        EnsureSpace(0);
        var final = PathOf(blob.Hash);
        var folder = Path.GetDirectoryName(final)!;
        if (!(File.Exists(final) && await ExistingIntactAsync(blob.Hash, cancellationToken).ConfigureAwait(false)))
        {
            Publish(temp, final, folder);
        }
        // On every path, the reuse of an existing blob and a lost rename race included: the entry that the caller is
        // about to acknowledge may have been renamed by another writer that has not flushed the folder yet.
        DirectorySync.Flush(folder);
        return blob;
    }

    private async Task<bool> ExistingIntactAsync(string hash, CancellationToken cancellationToken)
    {
        try
        {
            return await VerifyAsync(hash, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    // Renames the flushed temporary file into place; a concurrent writer of the same bytes may have won the race,
    // which is fine: its blob has the same content (the caller flushes the folder either way).
    private void Publish(string temp, string final, string folder)
    {
        CreateDurably(folder);
        try
        {
            File.Move(temp, final, overwrite: false);
        }
        catch (IOException) when (File.Exists(final))
        {
        }
    }

    // A new fan-out folder is only durable once its parent is flushed too.
    private void CreateDurably(string folder)
    {
        if (Directory.Exists(folder))
        {
            return;
        }
        var parent = Path.GetDirectoryName(folder)!;
        CreateDurably(parent);
        Directory.CreateDirectory(folder);
        DirectorySync.Flush(parent);
    }

    private long Available() => _availableBytes?.Invoke() ?? new DriveInfo(Root).AvailableFreeSpace;

    // Only the file that was read: when the path now names another file (good bytes published meanwhile), the caller
    // still reports the copy it read, but the good one stays.
    private void Quarantine(string hash, SafeFileHandle read)
    {
        var path = PathOf(hash);
        if (!FileIdentity.IsSameFile(read, path))
        {
            return;
        }
        var target = Path.Combine(_quarantine, $"{hash}.{DateTime.UtcNow:yyyyMMddTHHmmssfffffff}");
        try
        {
            File.Move(path, target);
        }
        catch (IOException)
        {
            // Already gone, or the disk refuses even the rename: the caller reports the copy lost either way.
            return;
        }
        DirectorySync.Flush(_quarantine);
        DirectorySync.Flush(Path.GetDirectoryName(path)!);
    }

    private static FileStream OpenFile(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
}
