namespace Peake.Cli.Tests.Infrastructure;

internal sealed record CliResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut)
{
    public override string ToString() => $"exit {ExitCode}{(TimedOut ? " (timed out)" : "")}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}
