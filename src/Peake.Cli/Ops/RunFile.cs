using System.Text.Json;

namespace Peake.Cli.Ops;

/// <summary>
/// The file `make run` writes (scripts/run-cluster.sh): the nodes' management endpoints and the token file, so that
/// `peake cluster show` with no --node talks to the cluster started on this machine. Found through PEAKE_RUN_FILE,
/// else as artifacts/run/cluster.json in the current folder or the nearest parent that has one.
/// </summary>
internal sealed record RunFile(string Path, IReadOnlyList<string> Nodes, string? TokenFile)
{
    public const string RelativePath = "artifacts/run/cluster.json";
    public const string EnvironmentVariable = "PEAKE_RUN_FILE";

    /// <summary>The run file in effect, or null when there is none (no cluster started with `make run`).</summary>
    public static RunFile? Find()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } named)
        {
            return File.Exists(named)
                ? Read(System.IO.Path.GetFullPath(named))
                : throw new ManagementException($"{EnvironmentVariable} names {named}, which does not exist");
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, RelativePath);
            if (File.Exists(candidate))
            {
                return Read(candidate);
            }
        }

        return null;
    }

    private static RunFile Read(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            var nodes = root.TryGetProperty("nodes", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray()
                    .Select(n => n.TryGetProperty("http", out var http) ? http.GetString() : null)
                    .OfType<string>()
                    .ToList()
                : [];
            var tokenFile = root.TryGetProperty("tokenFile", out var t) ? t.GetString() : null;
            if (tokenFile is not null && !System.IO.Path.IsPathRooted(tokenFile))
            {
                // Relative to the run file's folder, so the run folder can move as a whole.
                tokenFile = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, tokenFile);
            }

            return new RunFile(path, nodes, tokenFile);
        }
        catch (JsonException e)
        {
            throw new ManagementException($"run file {path} is not valid JSON: {e.Message}");
        }
    }
}
