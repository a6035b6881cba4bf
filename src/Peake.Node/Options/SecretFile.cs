namespace Peake.Node.Options;

/// <summary>
/// Reads a secret from a file (its first line, trimmed). Secrets are never flags: a flag shows in every user's
/// process list.
/// </summary>
internal static class SecretFile
{
    public static string? FirstLine(string file, string what)
    {
        try
        {
            return File.ReadLines(file).FirstOrDefault()?.Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NodeOptionsException($"cannot read the {what} '{file}': {e.Message}");
        }
    }
}
