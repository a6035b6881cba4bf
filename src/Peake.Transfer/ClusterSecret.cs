using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Peake.Transfer;

/// <summary>
/// The shared secret nodes present to each other as <c>Authorization: Bearer &lt;secret&gt;</c>. Both sides are
/// compared as SHA-256 digests with a fixed-time comparison, so neither the content nor the length of the secret
/// leaks through response timing.
/// </summary>
internal sealed class ClusterSecret
{
    private const string Scheme = "Bearer ";

    private readonly byte[] _digest;

    public ClusterSecret(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        _digest = Digest(secret);
    }

    public bool Admits(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Digest(header[Scheme.Length..].Trim()), _digest);
    }

    private static byte[] Digest(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
