namespace Peake.Cli.Ops;

/// <summary>The nodes to try, in order (each "host:port" of its management HTTP), and the bearer token they expect.</summary>
internal sealed record ManagementTarget(IReadOnlyList<string> Nodes, string Token, TimeSpan Timeout);
