namespace Peake.Storage;

/// <summary>A stored blob's bytes no longer hash to its name; the blob has been moved to quarantine.</summary>
public sealed class BlobCorruptException : IOException
{
    public BlobCorruptException(string hash, string actual)
        : base($"blob {hash} is corrupt (its bytes hash to {actual}); it was moved to quarantine")
    {
        Hash = hash;
    }

    /// <summary>The blob could not be read (EIO from a bad sector, say): for the archive that is the same loss.</summary>
    public BlobCorruptException(string hash, IOException cause)
        : base($"blob {hash} is unreadable ({cause.Message}); it was moved to quarantine if it was still in place", cause)
    {
        Hash = hash;
    }

    public string Hash { get; }
}
