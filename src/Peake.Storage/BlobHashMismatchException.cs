namespace Peake.Storage;

/// <summary>The bytes offered for a write do not hash to the hash the caller expected; nothing was stored.</summary>
public sealed class BlobHashMismatchException : IOException
{
    public BlobHashMismatchException(string expected, string actual)
        : base($"expected blob {expected} but the bytes hash to {actual}; nothing was stored")
    {
        Expected = expected;
        Actual = actual;
    }

    public string Expected { get; }

    public string Actual { get; }
}
