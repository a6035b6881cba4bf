namespace Peake.Storage;

/// <summary>A stored blob's bytes no longer hash to its name; the blob has been moved to quarantine.</summary>
public sealed class BlobCorruptException : IOException
{
    public BlobCorruptException(string hash, string actual)
        : base($"blob {hash} is corrupt (its bytes hash to {actual}); it was moved to quarantine")
    {
        Hash = hash;
    }

    public string Hash { get; }
}
