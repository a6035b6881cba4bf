using Peake.Dicom;

namespace Peake.DicomWeb.Retrieve;

/// <summary>
/// An instance copied from its <see cref="Peake.Dicom.Network.Query.IRetrieveSource"/> stream into a temporary file,
/// then read with large values left on disk: metadata, frames, bulk data and transcoding need random access that a
/// source stream (possibly a peer's HTTP body) does not give, and memory stays bounded whatever the instance's size.
/// </summary>
internal sealed class SpooledInstance : IAsyncDisposable
{
    private readonly string _path;

    private SpooledInstance(string path, DicomFile file)
    {
        _path = path;
        File = file;
    }

    public DicomFile File { get; }

    public string Path => _path;

    public static async Task<SpooledInstance> CreateAsync(Stream source, CancellationToken cancellationToken)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"peake-dicomweb-{Guid.NewGuid():N}.dcm.tmp");
        try
        {
            var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 81920, FileOptions.Asynchronous);
            await using (output.ConfigureAwait(false))
            {
                await source.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
            }

            return new SpooledInstance(path, DicomFile.Open(path));
        }
        catch
        {
            System.IO.File.Delete(path);
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        System.IO.File.Delete(_path);
        return ValueTask.CompletedTask;
    }
}
