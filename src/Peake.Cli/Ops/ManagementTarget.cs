namespace Peake.Cli.Ops;

/// <summary>
/// The nodes to try, in order (each "host:port" of its management HTTP), the bearer token they expect, and the run
/// file they were read from when no --node was given (named when none answers: the cluster may have stopped).
/// </summary>
internal sealed record ManagementTarget(IReadOnlyList<string> Nodes, string Token, TimeSpan Timeout, string? RunFile);
