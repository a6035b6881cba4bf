using System.Globalization;

namespace Peake.Cli.Ops;

/// <summary>
/// The options every ops command takes: which node (--node, repeatable: tried in order), the token (--token-file,
/// else PEAKE_MANAGEMENT_TOKEN with --node, else the token file of the run file), --timeout and --json. Without
/// --node the nodes of the run file `make run` wrote are used, with its token.
/// </summary>
internal static class OpsArguments
{
    public const string Usage = "[--node HOST:PORT]... [--token-file F] [--timeout S] [--json]";
    public const string TokenVariable = "PEAKE_MANAGEMENT_TOKEN";

    private static readonly string[] Options = ["--node", "--token-file", "--timeout"];

    public static Arguments Parse(string[] args, params string[] commandOptions) => Parse(args, commandOptions, []);

    public static Arguments Parse(string[] args, string[] commandOptions, string[] switches) =>
        new(args, [.. Options, .. commandOptions], ["--json", .. switches]);

    public static ManagementTarget Target(Arguments a)
    {
        var timeout = Seconds(a, "--timeout", TimeSpan.FromSeconds(10));

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

        return new ManagementTarget(nodes, Token(a, runFile, nodesFromRunFile: fromRunFile is not null), timeout, fromRunFile);
    }

    /// <summary>An option giving a positive number of seconds, or <paramref name="fallback"/> when absent.</summary>
    public static TimeSpan Seconds(Arguments a, string option, TimeSpan fallback)
    {
        if (a.Option(option) is not { } text)
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : throw new UsageException($"{option} needs a positive number of seconds, not '{text}'");
    }

    private static string Token(Arguments a, RunFile? runFile, bool nodesFromRunFile)
    {
        if (a.Option("--token-file") is { } file)
        {
            return ReadToken(file, "--token-file");
        }

        // Nodes found in a run file get that run's own token, never the one in the environment: a run file planted
        // in a shared parent folder must not collect the operator's token for another cluster.
        if (!nodesFromRunFile && Environment.GetEnvironmentVariable(TokenVariable) is { Length: > 0 } token)
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
