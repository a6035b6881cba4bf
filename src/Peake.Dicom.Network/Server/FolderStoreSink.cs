using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Query;

namespace Peake.Dicom.Network.Server;

/// <summary>
/// One instance on its way into a <see cref="FolderStore"/>: temp file, fsync, rename, fsync of the folder, and only
/// then success (docs/decisions/0014-store-durability.md). The C-STORE-RSP with status 0000H tells the modality it
/// may delete its copy (PS3.4 B.2.3), so the instance must survive a power cut from that moment on.
/// </summary>
internal sealed class FolderStoreSink : IStoreSink
{
    // How much of a durable instance may wait in the page cache before its writeback is started (EarlyWriteback):
    // the fsync before success then waits for the tail only. 0.67 s -> 0.42 s of fsync per 1,000 CT images here.
    private const long WritebackEvery = 128 * 1024;

    private readonly FolderStore _store;
    private readonly string _finalPath;
    private readonly byte[] _header;
    private FileStream? _file;
    private string? _tempPath;
    private bool _completed;
    private long _unsent;

    public FolderStoreSink(FolderStore store, string finalPath, byte[] header)
    {
        _store = store;
        _finalPath = finalPath;
        _header = header;
    }

    // Synchronous on purpose: a write lands in the page cache in microseconds, while an async FileStream on Unix hands
    // every write to a thread-pool thread; that hop (and the pool's spinning on a busy 2-core machine) halved store
    // throughput in scripts/bench/store-bench.sh.
    public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken)
    {
        if (_file is null)
        {
            _file = _store.CreateTemporary();
            _tempPath = _file.Name;
            _file.Write(_header);
        }
        _file.Write(fragment.Span);
        _unsent += fragment.Length;
        if (_store.Durable && _unsent >= WritebackEvery)
        {
            _file.Flush();
            EarlyWriteback.Start(_file.SafeFileHandle);
            _unsent = 0;
        }
        return ValueTask.CompletedTask;
    }

    public ValueTask<ushort> CompleteAsync(CancellationToken cancellationToken) => ValueTask.FromResult(Complete());

    private ushort Complete()
    {
        try
        {
            if (_file is null)
            {
                // PS3.7 9.3.1.1: a C-STORE carries a data set; an empty one is not an instance.
                return DimseStatus.CannotUnderstand;
            }
            // Durable before visible: the data reaches the disk, then the rename publishes it.
            _file.Flush(flushToDisk: _store.Durable);
            _file.Dispose();
            _file = null;
            File.Move(_tempPath!, _finalPath, overwrite: true);
            _completed = true;
            if (_store.Durable)
            {
                // The rename is itself only durable once the folder's entries are.
                _store.FlushDirectory();
            }
            // Queryable once visible. A file whose header cannot be read is kept but not indexed.
            _store.Index.TryAddFile(_finalPath);
            return DimseStatus.Success;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The storage's failure (disk full, permissions), not the peer's: A700H, and the association goes on.
            return DimseStatus.OutOfResources;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_file is not null)
        {
            await _file.DisposeAsync().ConfigureAwait(false);
            _file = null;
        }
        if (!_completed && _tempPath is not null)
        {
            try
            {
                File.Delete(_tempPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A hidden ".part" temporary, never indexed (only "*.dcm" is), removed at the next start when it is in
                // the prepared-files folder. Failing here would turn an ended association into a server fault.
            }
        }
    }
}
