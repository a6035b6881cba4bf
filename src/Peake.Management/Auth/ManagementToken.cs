using System.Security.Cryptography;
using System.Text;

namespace Peake.Management.Auth;

/// <summary>
/// The shared secret every management request must present as <c>Authorization: Bearer …</c>. Compared in constant
/// time over SHA-256 digests, so neither the content nor the length of the token leaks through response timing.
/// <see cref="ToString"/> never shows the token: it must not reach a log.
/// </summary>
public sealed class ManagementToken
{
    /// <summary>Shorter tokens are refused: management can down nodes, so the secret must not be guessable.</summary>
    public const int MinimumLength = 16;

    private readonly byte[] _digest;

    public ManagementToken(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var trimmed = token.Trim();
        if (trimmed.Length < MinimumLength)
            throw new ArgumentException($"the management token must have at least {MinimumLength} characters", nameof(token));
        _digest = SHA256.HashData(Encoding.UTF8.GetBytes(trimmed));
    }

    /// <summary>True when <paramref name="authorization"/> is <c>Bearer &lt;this token&gt;</c>.</summary>
    public bool Accepts(string? authorization)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return false;
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, _digest);
    }

    public override string ToString() => "ManagementToken(***)";
}
