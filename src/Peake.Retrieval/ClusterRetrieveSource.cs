using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Peake.Dicom.Network.Query;
using Peake.Storage;
using Peake.Transfer;

namespace Peake.Retrieval;

/// <summary>
/// Reads an instance (<see cref="RetrieveItem.Locator"/> = its blob hash) from the nearest healthy copy: this node's
/// own when it verifies, else each live holder in turn, nearest first. A peer's copy is downloaded and hash-checked
/// into a spool file before any byte is handed out: a C-STORE half sent cannot be taken back, so a peer dying or
/// serving a corrupt copy mid-transfer must turn into "try the next copy", not a broken sub-operation. The spool file
/// disappears when the returned stream is closed (and leftovers of a crash when the source is created).
/// <para>
/// The spool lives on the blob store's disk and respects its reserve: a download starts only when the store's free
/// bytes (free disk minus the reserve) still hold it on top of the downloads already in flight. A reader's scratch must
/// never take the space that keeps ingest and replication writing; a refused read fails its sub-operation, nothing
/// written.
/// </para>
/// </summary>
public sealed class ClusterRetrieveSource : IRetrieveSource
{
    /// <summary>The transfer endpoints of the blob's live copies on other nodes, nearest first.</summary>
    public delegate Task<IReadOnlyList<Uri>> CopySources(string hash, CancellationToken cancellationToken);

    private const int BufferSize = 1 << 16;

    private readonly BlobStore _local;
    private readonly CopySources _sources;
    private readonly BlobTransferClient _client;
    private readonly RetrievalOptions _options;
    private readonly ILogger _log;
    private long _spooling;

    public ClusterRetrieveSource(BlobStore local, CopySources sources, BlobTransferClient client, RetrievalOptions options, ILogger? log = null)
    {
        _local = local;
        _sources = sources;
        _client = client;
        _options = options;
        _log = log ?? NullLogger.Instance;
        Directory.CreateDirectory(options.SpoolDirectory);
        foreach (var leftover in Directory.EnumerateFiles(options.SpoolDirectory))
        {
            File.Delete(leftover);
        }
    }

    public async Task<Stream?> OpenAsync(RetrieveItem item, QueryContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var hash = item.Locator;
        if (!BlobHash.IsValid(hash))
        {
            return null;
        }
        if (await OpenLocalAsync(hash, cancellationToken).ConfigureAwait(false) is { } local)
        {
            return local;
        }
        var sources = await _sources(hash, cancellationToken).ConfigureAwait(false);
        if (sources.Count > 0)
        {
            if (!TryReserveSpool(item.Size))
            {
                _log.LogWarning("No room to spool {Sop} ({Size} bytes) above the storage reserve: not read", item.SopInstanceUid, item.Size);
                return null;
            }
            try
            {
                foreach (var source in sources)
                {
                    if (await DownloadAsync(source, item, cancellationToken).ConfigureAwait(false) is { } spooled)
                    {
                        return spooled;
                    }
                }
            }
            finally
            {
                Interlocked.Add(ref _spooling, -item.Size);
            }
        }
        _log.LogWarning("No readable copy of {Sop} (blob {Hash})", item.SopInstanceUid, hash);
        return null;
    }

    // Counted while the download runs; once spooled, the file's bytes are in the disk's free figure itself.
    private bool TryReserveSpool(long size)
    {
        var inFlight = Interlocked.Add(ref _spooling, size);
        if (_local.Capacity().FreeBytes >= inFlight)
            return true;
        Interlocked.Add(ref _spooling, -size);
        return false;
    }

    // Verified first, so a corrupt local copy (quarantined by the check, then repaired by replication) falls back to a
    // peer's instead of failing the read halfway; the stream still checks the hash again at its end.
    private async Task<Stream?> OpenLocalAsync(string hash, CancellationToken cancellationToken)
    {
        try
        {
            return _local.Exists(hash) && await _local.VerifyAsync(hash, cancellationToken).ConfigureAwait(false) ? _local.OpenRead(hash) : null;
        }
        catch (IOException e)
        {
            // Deleted between the check and the read (a trim, a drain), or unreadable (EIO): the peers' copies remain.
            _log.LogInformation("Own copy of blob {Hash} not readable ({Reason}); trying the peers'", hash, e.Message);
            return null;
        }
    }

    private async Task<Stream?> DownloadAsync(Uri source, RetrieveItem item, CancellationToken cancellationToken)
    {
        var spool = new FileStream(
            Path.Combine(_options.SpoolDirectory, Guid.NewGuid().ToString("N")), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None,
            BufferSize, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.DeadlineFor(item.Size));
        try
        {
            await _client.DownloadAsync(source, item.Locator, item.Size, spool, deadline.Token).ConfigureAwait(false);
            spool.Position = 0;
            return spool;
        }
        catch (Exception e) when (e is BlobTransferException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            _log.LogInformation("Copy of {Sop} on {Source} not readable ({Reason}); trying the next", item.SopInstanceUid, source, e.Message);
            await spool.DisposeAsync().ConfigureAwait(false);
            return null;
        }
        catch
        {
            await spool.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
