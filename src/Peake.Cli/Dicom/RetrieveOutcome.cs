namespace Peake.Cli.Dicom;

/// <summary>
/// How `peake dicom get` and `peake dicom move` end: one line with the final response's sub-operation counts, one line
/// per instance its Failed SOP Instance UID List names (PS3.4 C.4.2.1.4, C.4.3.1.4), exit 1 unless it says success.
/// </summary>
internal sealed record RetrieveOutcome(string Operation, string Summary, ushort Status, ushort? Completed, ushort? Failed, ushort? Warning, string? ErrorComment, IReadOnlyList<string> FailedSopInstanceUids)
{
    /// <summary>Runs the retrieve and reports it; a network failure is one line on stderr and exit 1.</summary>
    public static int Run(string command, NetworkPeer peer, TextWriter stdout, Func<Task<RetrieveOutcome>> retrieve)
    {
        try
        {
            var final = retrieve().GetAwaiter().GetResult();
            stdout.WriteLine($"{final.Summary}: status 0x{final.Status:X4}, {final.Completed ?? 0} completed, {final.Failed ?? 0} failed, {final.Warning ?? 0} warning");
            foreach (var uid in final.FailedSopInstanceUids)
            {
                stdout.WriteLine($"failed: {uid}");
            }

            if (final.Status != 0)
            {
                Console.Error.WriteLine($"peake dicom {command}: {peer} ended {final.Operation} with status 0x{final.Status:X4}{(final.ErrorComment is { } c ? $" ({c})" : "")}");
                return CommandTable.ExitFailure;
            }

            return 0;
        }
        catch (Exception e) when (NetworkFailure.Describe(e, peer) is { } reason)
        {
            Console.Error.WriteLine($"peake dicom {command}: {reason}");
            return CommandTable.ExitFailure;
        }
    }
}
