using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Node.Tests.Replication;

/// <summary>
/// What a storescu run told its user, file by file, read from its verbose log: "Sending file: F" starts F, and the
/// next "Received Store Response (...)" is F's answer (Success or a warning: stored; anything else: refused). A file
/// that was being sent when the association broke got no answer; files after it were never sent. Both count as
/// reported failures: storescu names the error and exits non-zero.
/// </summary>
internal sealed record StoreRun(PeerResult Result, IReadOnlyList<string> Stored, IReadOnlyList<string> Refused, IReadOnlyList<string> Unanswered, IReadOnlyList<string> NotSent)
{
    public bool AllStored => Result.ExitCode == 0 && Refused.Count == 0 && Unanswered.Count == 0 && NotSent.Count == 0;

    public override string ToString() =>
        $"{Stored.Count} stored, {Refused.Count} refused, {Unanswered.Count} unanswered, {NotSent.Count} not sent; {Result}";
}

internal static class StoreScu
{
    /// <summary>
    /// Sends <paramref name="files"/> on one association from <paramref name="hospital"/> (calling AE) to the node's
    /// gateway; --no-halt so one refusal does not hide the answers to the rest; -R proposes each file's own transfer
    /// syntax only, so the node receives the data set bytes as they are in the file.
    /// </summary>
    public static async Task<StoreRun> SendAsync(string hospital, ArchiveNode node, IReadOnlyList<string> files, TimeSpan timeout, Action<string>? stored = null)
    {
        var current = (string?)null;
        var answered = new List<(string File, bool Ok)>();
        var sent = new List<string>();
        var result = await Dcmtk.RunAsync("storescu",
            ["-v", "-nh", "-R", "-td", "60", "-aet", hospital, "-aec", node.AeTitle, node.Ip, $"{node.DicomPort}", .. files],
            timeout,
            line =>
            {
                lock (answered)
                {
                    if (line.StartsWith("I: Sending file: ", StringComparison.Ordinal))
                    {
                        current = line["I: Sending file: ".Length..];
                        sent.Add(current);
                    }
                    else if (line.StartsWith("I: Received Store Response (", StringComparison.Ordinal) && current is not null)
                    {
                        var ok = line.Contains("(Success", StringComparison.Ordinal) || line.Contains("(Warning", StringComparison.Ordinal);
                        answered.Add((current, ok));
                        if (ok)
                            stored?.Invoke(current);
                        current = null;
                    }
                }
            });
        lock (answered)
        {
            var answeredFiles = answered.Select(a => a.File).ToHashSet();
            return new StoreRun(result,
                [.. answered.Where(a => a.Ok).Select(a => a.File)],
                [.. answered.Where(a => !a.Ok).Select(a => a.File)],
                [.. sent.Where(f => !answeredFiles.Contains(f))],
                [.. files.Where(f => !sent.Contains(f))]);
        }
    }
}
