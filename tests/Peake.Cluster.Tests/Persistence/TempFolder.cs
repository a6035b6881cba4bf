namespace Peake.Cluster.Tests.Persistence;

/// <summary>A fresh folder under the system temp folder, removed with everything in it at the end of the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        var info = Directory.CreateTempSubdirectory("peake-test-");
        // Traversable by other users: a private PostgreSQL runs as `postgres` when the tests run as root.
        if (!OperatingSystem.IsWindows())
            System.IO.File.SetUnixFileMode(info.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
        Path = info.FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A server that is still shutting down may hold a file for a moment; the OS cleans temp folders.
        }
    }
}
