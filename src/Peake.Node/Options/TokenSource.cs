using Peake.Management.Auth;

namespace Peake.Node.Options;

/// <summary>
/// The management token: the file named by --token-file (first line, trimmed), else PEAKE_MANAGEMENT_TOKEN. A node
/// without one does not start: management can leave and down members, it is never open.
/// </summary>
internal static class TokenSource
{
    public const string EnvironmentVariable = "PEAKE_MANAGEMENT_TOKEN";

    /// <summary>The token as written (trimmed; the cluster secret's fallback), checked as a <see cref="ManagementToken"/>.</summary>
    public static string Text(NodeOptions options, Func<string, string?> environment)
    {
        var text = options.TokenFile is { } file ? SecretFile.FirstLine(file, "token file") : environment(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(text))
            throw new NodeOptionsException($"no management token: pass --token-file FILE or set {EnvironmentVariable}");
        _ = Check(text);
        return text.Trim();
    }

    private static ManagementToken Check(string text)
    {
        try
        {
            return new ManagementToken(text);
        }
        catch (ArgumentException e)
        {
            throw new NodeOptionsException(e.Message);
        }
    }
}
