using Peake.Dicom.Network.Tests.Cli;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Node.Tests.Replication;

/// <summary>What `peake dicom commit` reported: the files whose instances were committed, and those that were not.</summary>
internal sealed record CommitRun(PeerResult Result, IReadOnlyList<string> Committed, IReadOnlyList<string> Failed)
{
    public (IReadOnlyList<string> Committed, IReadOnlyList<string> Failed) Outcome => (Committed, Failed);

    public override string ToString() => $"peake dicom commit: {Committed.Count} committed, {Failed.Count} failed; {Result}";
}

/// <summary>
/// Storage Commitment (push model) with our SCU, `peake dicom commit HOST PORT FILE...`, as a real process: the
/// report comes back on the same association. The command names each file not committed on standard error
/// ("peake dicom commit: FILE: not committed, ..."); the others were committed.
/// </summary>
internal static class ArchiveCommit
{
    public static async Task<CommitRun> RunAsync(ArchiveNode node, string hospital, IReadOnlyList<string> files)
    {
        var result = await PeakeProcess.RunAsync(
            ["dicom", "commit", node.Ip, $"{node.DicomPort}", .. files, "--aet", hospital, "--aec", node.AeTitle, "--timeout", "90"],
            TimeSpan.FromSeconds(120));
        Assert.False(result.TimedOut, result.ToString());
        var failed = files.Where(f => result.StandardError.Contains($"peake dicom commit: {f}: ", StringComparison.Ordinal)).ToList();
        // A failure of the whole request (refused, no association) names the peer, not the files: nothing committed.
        var whole = result.ExitCode != 0 && failed.Count == 0;
        return new CommitRun(result, whole ? [] : [.. files.Except(failed)], whole ? files : failed);
    }
}
