namespace Peake.Dicom.Network.Tests.Infrastructure;

internal sealed record PeerResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut)
{
    public override string ToString() => $"exit {ExitCode}{(TimedOut ? " (timed out)" : "")}\n{StandardOutput}\n{StandardError}";
}
