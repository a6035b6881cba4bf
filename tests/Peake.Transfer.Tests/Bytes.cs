using System.Security.Cryptography;

namespace Peake.Transfer.Tests;

internal static class Bytes
{
    public static byte[] Random(int size)
    {
        var bytes = new byte[size];
        System.Random.Shared.NextBytes(bytes);
        return bytes;
    }

    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string Sha256OfFile(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }

    /// <summary>Changes one bit of a stored file in place, size unchanged, as a failing disk sector would.</summary>
    public static void Damage(string path, int offset)
    {
        var content = File.ReadAllBytes(path);
        content[offset] ^= 0x01;
        File.WriteAllBytes(path, content);
    }
}
