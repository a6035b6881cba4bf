namespace Peake.Storage;

/// <summary>
/// The name of a blob: the SHA-256 of its bytes as 64 lower-case hex digits. Anything else is refused before a path is
/// built from it, so a hostile name ("../..", upper case, separators) never reaches the file system.
/// </summary>
public static class BlobHash
{
    public const int Length = 64;

    public static bool IsValid(string? hash)
    {
        if (hash is null || hash.Length != Length)
        {
            return false;
        }
        foreach (var c in hash)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }
        return true;
    }

    /// <exception cref="ArgumentException">The value is not 64 lower-case hex digits.</exception>
    public static string Require(string? hash, string paramName = "hash") =>
        IsValid(hash) ? hash! : throw new ArgumentException("a blob hash is 64 lower-case hex digits (SHA-256)", paramName);

    internal static string ToHex(byte[] digest) => Convert.ToHexStringLower(digest);
}
