namespace Peake.Storage.Tests;

/// <summary>A blob store in a fresh temporary folder, deleted afterwards.</summary>
internal sealed class TempStore : IDisposable
{
    public TempStore(long reserveBytes = 0)
    {
        Root = Directory.CreateTempSubdirectory("peake-blobs-").FullName;
        Store = BlobStore.Open(new BlobStoreOptions(Root) { ReserveBytes = reserveBytes });
    }

    public string Root { get; }

    public BlobStore Store { get; }

    public BlobStore Reopen(long reserveBytes = 0) => BlobStore.Open(new BlobStoreOptions(Root) { ReserveBytes = reserveBytes });

    public static byte[] RandomBytes(int size)
    {
        var bytes = new byte[size];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    /// <summary>A forward-only stream of unknown length, like a network upload: gzip decompression of the bytes.</summary>
    public static Stream Unseekable(byte[] bytes)
    {
        var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }
        compressed.Position = 0;
        return new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionMode.Decompress);
    }

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

    /// <summary>Damages a stored file the way a bad disk sector would: one byte inverted, size unchanged.</summary>
    public static void FlipByte(string path, long offset)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        var value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(value ^ 0xFF));
    }

    public string[] FilesUnder(string folder) =>
        Directory.Exists(Path.Combine(Root, folder))
            ? Directory.GetFiles(Path.Combine(Root, folder), "*", SearchOption.AllDirectories)
            : [];

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
