namespace Peake.Storage.Tests;

public sealed class DirectorySyncTests
{
    [Fact]
    public void Should_flush_an_existing_directory()
    {
        var directory = Directory.CreateTempSubdirectory("peake-dirsync-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(directory, "a"), [1]);

            var flush = Record.Exception(() => DirectorySync.Flush(directory));

            Assert.Null(flush);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Should_report_a_directory_it_cannot_flush_as_an_io_error()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var missing = Path.Combine(Path.GetTempPath(), "peake-dirsync-missing-" + Guid.NewGuid().ToString("N"));

        Assert.Throws<IOException>(() => DirectorySync.Flush(missing));
    }
}
