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

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken)
    {
        if (_file is null)
        {
            _file = new FileStream(_tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 64 * 1024, useAsync: true);
            await _file.WriteAsync(_header, cancellationToken).ConfigureAwait(false);
        }
        await _file.WriteAsync(fragment, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<ushort> CompleteAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_file is null)
            {
                // PS3.7 9.3.1.1: a C-STORE carries a data set; an empty one is not an instance.
                return DimseStatus.CannotUnderstand;
            }
            await _file.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (_durable)
            {
                // Durable before visible: the data reaches the disk, then the rename publishes it.
                _file.Flush(flushToDisk: true);
            }
            await _file.DisposeAsync().ConfigureAwait(false);
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
