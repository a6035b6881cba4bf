using Peake.Management.Auth;

namespace Peake.Node.Options;

/// <summary>
/// The management token: the file named by --token-file (first line, trimmed), else PEAKE_MANAGEMENT_TOKEN. A node
/// without one does not start: management can leave and down members, it is never open.
/// </summary>
internal static class TokenSource
{
    public const string EnvironmentVariable = "PEAKE_MANAGEMENT_TOKEN";

    public static ManagementToken Load(NodeOptions options, Func<string, string?> environment)
    {
        string? text;
        if (options.TokenFile is { } file)
        {
            try
            {
                text = File.ReadLines(file).FirstOrDefault();
            }
            catch (IOException e)
            {
                throw new NodeOptionsException($"cannot read the token file '{file}': {e.Message}");
            }
            catch (UnauthorizedAccessException e)
            {
                throw new NodeOptionsException($"cannot read the token file '{file}': {e.Message}");
            }
        }
        else
        {
            text = environment(EnvironmentVariable);
        }
        if (string.IsNullOrWhiteSpace(text))
            throw new NodeOptionsException($"no management token: pass --token-file FILE or set {EnvironmentVariable}");
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
