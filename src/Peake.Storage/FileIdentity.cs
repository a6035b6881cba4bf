using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Peake.Storage;

/// <summary>
/// Whether an open handle and a path name the same file (device and inode, fstat(2) against stat(2)): a blob found
/// corrupt through a handle may have been replaced at its path meanwhile (a PUT, fetch or ingest published good bytes),
/// and only the file actually read may be quarantined. Linux only (glibc ≥ 2.33 exports stat/fstat; on x86-64 and
/// arm64 st_dev and st_ino are the first two 64-bit fields). Where the answer is unknown it says "same", which is the
/// behaviour before this check existed.
/// </summary>
internal static class FileIdentity
{
    private const int StatBufferSize = 256;

    public static bool IsSameFile(SafeFileHandle handle, string path)
    {
        if (!OperatingSystem.IsLinux() || handle.IsInvalid || handle.IsClosed)
        {
            return true;
        }
        try
        {
            var opened = new long[StatBufferSize / 8];
            var named = new long[StatBufferSize / 8];
            if (FStat((int)handle.DangerousGetHandle(), opened) != 0)
            {
                return true;
            }
            if (Stat(path, named) != 0)
            {
                // The path is gone (or unreadable): nothing there to quarantine by mistake.
                return false;
            }
            return opened[0] == named[0] && opened[1] == named[1];
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return true;
        }
    }

    [DllImport("libc", EntryPoint = "fstat", SetLastError = true)]
    private static extern int FStat(int fd, [Out] long[] buffer);

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [Out] long[] buffer);
}
