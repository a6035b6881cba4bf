namespace Peake.Query.Projection;

/// <summary>
/// What an instance row becomes when an <c>InstanceStored</c> is applied (pure, so replays are tested without a
/// database). Events of one SOP instance come from one study journal, so its sequence number orders them: a newer
/// version's hash becomes current and the one it replaces joins the older hashes (KeepBoth, ADR 0025); an event
/// already applied, or older than the row, changes nothing except that a late older version is still listed.
/// </summary>
internal static class InstanceVersions
{
    public sealed record Row(string Hash, string OlderHashes, long Seq);

    /// <returns>The row to write, or null when the event changes nothing.</returns>
    public static Row? Apply(Row? current, string hash, long seq)
    {
        if (current is null)
            return new Row(hash, "", seq);
        var older = current.OlderHashes.Length == 0 ? [] : current.OlderHashes.Split('\\');
        if (seq > current.Seq)
        {
            if (hash == current.Hash)
                return current with { Seq = seq };
            var kept = older.Where(h => h != hash).Append(current.Hash);
            return new Row(hash, string.Join('\\', kept), seq);
        }
        // Replayed, or an older version read late (a by-tag gap healed by a rescan): listed, never current.
        if (hash == current.Hash || older.Contains(hash))
            return null;
        return current with { OlderHashes = string.Join('\\', older.Prepend(hash)) };
    }
}
