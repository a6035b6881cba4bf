using System.Globalization;

namespace Peake.Cli.Ops;

/// <summary>
/// The options every ops command takes: which node (--node, repeatable: tried in order), the token (--token-file,
/// else PEAKE_MANAGEMENT_TOKEN, else the token file of the run file), --timeout and --json. Without --node the nodes
/// of the run file `make run` wrote are used.
/// </summary>
internal static class OpsArguments
{
    public const string Usage = "[--node HOST:PORT]... [--token-file F] [--timeout S] [--json]";
    public const string TokenVariable = "PEAKE_MANAGEMENT_TOKEN";

    private static readonly string[] Options = ["--node", "--token-file", "--timeout"];

    public static Arguments Parse(string[] args, params string[] commandOptions) =>
        new(args, [.. Options, .. commandOptions], ["--json"]);

    public static ManagementTarget Target(Arguments a)
    {
        var timeout = TimeSpan.FromSeconds(10);
        if (a.Option("--timeout") is { } t)
        {
            timeout = double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                ? TimeSpan.FromSeconds(seconds)
                : throw new UsageException($"--timeout needs a positive number of seconds, not '{t}'");
        }

        var nodes = a.Values("--node");
        foreach (var n in nodes)
        {
            CheckNode(n);
        }

        // Read only when needed: an explicit --node and token never depend on a stale run file.
        var runFile = nodes.Count == 0 || (a.Option("--token-file") is null && Environment.GetEnvironmentVariable(TokenVariable) is not { Length: > 0 })
            ? RunFile.Find()
            : null;
        var fromRunFile = nodes.Count == 0 ? runFile?.Path : null;
        if (nodes.Count == 0)
        {
            nodes = runFile is { Nodes.Count: > 0 }
                ? runFile.Nodes
                : throw new ManagementException(runFile is null
                    ? $"no node to talk to: give --node HOST:PORT, or start a cluster with `make run` (no {RunFile.RelativePath} here or above, and {RunFile.EnvironmentVariable} is not set)"
                    : $"no node to talk to: run file {runFile.Path} lists no nodes; give --node HOST:PORT");
        }

        return new ManagementTarget(nodes, Token(a, runFile), timeout, fromRunFile);
    }

    private static string Token(Arguments a, RunFile? runFile)
    {
        if (a.Option("--token-file") is { } file)
        {
            return ReadToken(file, "--token-file");
        }

        if (Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } token)
        {
            return token.Trim();
        }

        return runFile?.TokenFile is { } runToken
            ? ReadToken(runToken, $"the run file {runFile.Path}")
            : throw new ManagementException($"no management token: give --token-file F or set {TokenVariable}");
    }

    private static string ReadToken(string path, string from)
    {
        if (!File.Exists(path))
        {
            throw new ManagementException($"token file {path} (from {from}) does not exist");
        }

        var token = File.ReadAllText(path).Trim();
        return token.Length > 0 ? token : throw new ManagementException($"token file {path} (from {from}) is empty");
    }

    private static void CheckNode(string node)
    {
        var colon = node.LastIndexOf(':');
        if (colon <= 0
            || node.IndexOfAny(['/', '@', '?', '#']) >= 0
            || !int.TryParse(node.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535
            || !Uri.TryCreate($"http://{node}/", UriKind.Absolute, out _))
        {
            throw new UsageException($"--node needs HOST:PORT (the node's management HTTP port), not '{node}'");
        }
    }
}
