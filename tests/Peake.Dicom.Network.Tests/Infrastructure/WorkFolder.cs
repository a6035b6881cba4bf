namespace Peake.Dicom.Network.Tests.Infrastructure;

/// <summary>A fresh temporary folder for one test, deleted with everything in it afterwards.</summary>
internal sealed class WorkFolder : IDisposable
{
    public WorkFolder()
    {
        Directory.CreateDirectory(Path);
    }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "peake-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
