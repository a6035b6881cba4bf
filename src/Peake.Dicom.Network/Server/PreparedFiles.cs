using System.Globalization;
using System.Threading.Channels;

namespace Peake.Dicom.Network.Server;

/// <summary>
/// Empty files created ahead of need in a hidden folder of the store, so a C-STORE writes into a file that already
/// exists. Creating a file was the costliest step of a store (ext4 inode allocation, 0.5-1 ms per file on the
/// benchmark VM, where many files were freed recently; scripts/bench/results/store-*.txt), and it does not depend on
/// the instance, so a background task does it while the network is busy. At most <c>capacity</c> files wait; when none is ready the caller creates one itself. Every
/// file here is a temporary: nothing indexes this folder, <see cref="FolderStore"/> only renames a finished (and, when
/// durable, fsynced) file out of it, and leftovers of a crash are deleted when the pool starts (docs/decisions/0014-store-durability.md).
/// </summary>
internal sealed class PreparedFiles : IDisposable
{
    // Creating a file holds its folder's lock for the whole inode allocation, and renaming a file out of a folder
    // needs that lock too: files are made in turn in this many subfolders, so the (oldest) file taken for a store is
    // in a folder no creation is using. One folder made each rename wait on the creator (perf: rwsem_spin_on_owner).
    private const int Subfolders = 4;
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);
    private readonly Channel<FileStream> _ready;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _filler;
    private int _created;

    /// <param name="folder">A folder only this pool uses; created when missing, emptied of leftovers.</param>
    /// <param name="capacity">How many files may wait at once.</param>
    public PreparedFiles(string folder, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Folder = folder;
        CreateFolders();
        // Only our own temporaries (".part"): anything else someone put here is not ours to delete.
        foreach (var leftover in Directory.EnumerateFiles(folder, "*.part", SearchOption.AllDirectories))
        {
            // A previous run's pool, or an instance that was being written when it stopped: never answered with
            // success, so nothing that was stored is lost.
            File.Delete(leftover);
        }
        _ready = Channel.CreateBounded<FileStream>(new BoundedChannelOptions(capacity) { SingleWriter = true });
        _filler = Task.Run(FillAsync);
    }

    public string Folder { get; }

    /// <summary>A new empty file, open for writing, that no other caller gets; the caller renames or deletes it.</summary>
    public FileStream Take() => _ready.Reader.TryRead(out var file) ? file : Create();

    private FileStream Create()
    {
        var subfolder = (uint)Interlocked.Increment(ref _created) % Subfolders;
        var path = Path.Combine(Folder, subfolder.ToString(CultureInfo.InvariantCulture), Guid.NewGuid().ToString("N") + ".part");
        return OpenNew(path);
    }

    /// <summary>Creates a temporary file for one instance; fails if the name exists.</summary>
    internal static FileStream OpenNew(string path) =>
        new(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 64 * 1024, FileOptions.None);

    private void CreateFolders()
    {
        for (var i = 0; i < Subfolders; i++)
        {
            Directory.CreateDirectory(Path.Combine(Folder, i.ToString(CultureInfo.InvariantCulture)));
        }
    }

    private async Task FillAsync()
    {
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            FileStream file;
            try
            {
                file = Create();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Disk full or folder removed: callers create their own (and report the error) until this works again.
                await Task.Delay(RetryAfterFailure, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                TryCreateFolder();
                continue;
            }
            try
            {
                await _ready.Writer.WriteAsync(file, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Discard(file);
            }
        }
    }

    private void TryCreateFolder()
    {
        try
        {
            CreateFolders();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Still failing: the next attempt retries.
        }
    }

    public void Dispose()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }
        _stop.Cancel();
        _filler.Wait();
        _ready.Writer.TryComplete();
        while (_ready.Reader.TryRead(out var file))
        {
            Discard(file);
        }
        _stop.Dispose();
    }

    private static void Discard(FileStream file)
    {
        file.Dispose();
        try
        {
            File.Delete(file.Name);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone with its folder.
        }
    }
}
