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
    private readonly string _tempPath;
    private readonly string _finalPath;
    private readonly byte[] _header;
    private readonly InstanceIndex _index;
    private readonly bool _durable;
    private FileStream? _file;
    private bool _completed;

    public FolderStoreSink(string tempPath, string finalPath, byte[] header, InstanceIndex index, bool durable)
    {
        _durable = durable;
        _index = index;
        _tempPath = tempPath;
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
            _file = new FileStream(_tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 64 * 1024, FileOptions.None);
            _file.Write(_header);
        }
        _file.Write(fragment.Span);
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
            _file.Flush(flushToDisk: _durable);
            _file.Dispose();
            _file = null;
            File.Move(_tempPath, _finalPath, overwrite: true);
            _completed = true;
            if (_durable)
            {
                // The rename is itself only durable once the folder's entries are.
                DirectorySync.Flush(Path.GetDirectoryName(_finalPath)!);
            }
            // Queryable once visible. A file whose header cannot be read is kept but not indexed.
            _index.TryAddFile(_finalPath);
            return DimseStatus.Success;
        }
        catch (IOException)
        {
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
        if (!_completed)
        {
            File.Delete(_tempPath);
        }
    }
}
