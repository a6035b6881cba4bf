using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Peake.Storage;

/// <summary>
/// Starts writing a file's dirty pages to disk without waiting (Linux sync_file_range(2), SYNC_FILE_RANGE_WRITE), so
/// the fsync that must come before success finds most of the data already on its way while the rest of the file is
/// still arriving. Durability still rests on that fsync alone: this only starts the I/O earlier. Elsewhere, and where
/// the call fails, it does nothing.
/// </summary>
public static class EarlyWriteback
{
    private const uint SyncFileRangeWrite = 2;

    public static void Start(SafeFileHandle file)
    {
        if (OperatingSystem.IsLinux())
        {
            // A failure (an old kernel, a file system without it) only loses the head start; fsync reports real errors.
            _ = SyncFileRange(file, 0, 0, SyncFileRangeWrite);
        }
    }

    [DllImport("libc", EntryPoint = "sync_file_range", SetLastError = true)]
    private static extern int SyncFileRange(SafeFileHandle fd, long offset, long nbytes, uint flags);
}
