using System.Runtime.InteropServices;

namespace Peake.Storage;

/// <summary>
/// Makes a directory's entries durable: after a rename, the new name is only on disk once the directory itself is
/// flushed (POSIX fsync on the directory; ext4, XFS and btrfs document this). .NET cannot open a directory as a
/// file, so on Linux and macOS this calls open(2), fsync(2) and close(2) directly. On Windows, NTFS journals the rename
/// and a directory cannot be flushed, so there is nothing to do.
/// </summary>
public static class DirectorySync
{
    private const int ReadOnly = 0;

    /// <exception cref="IOException">The directory could not be opened or flushed.</exception>
    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var fd = Open(directory, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {directory} to flush it (errno {Marshal.GetLastPInvokeError()})");
        }
        try
        {
            if (FSync(fd) != 0)
            {
                throw new IOException($"fsync of directory {directory} failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int FSync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
