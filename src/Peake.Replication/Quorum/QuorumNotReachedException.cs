namespace Peake.Replication.Quorum;

/// <summary>The blob could not be made durable on the write quorum in time; the sender must not be told it is stored.</summary>
public sealed class QuorumNotReachedException(string hash, int quorum, IReadOnlyList<string> holders, string reason)
    : Exception($"blob {hash}: {holders.Count} of {quorum} copies ({reason})")
{
    public string Hash { get; } = hash;

    public int Quorum { get; } = quorum;

    /// <summary>The nodes that did get a copy (the coordinator keeps or trims them; they are never acknowledged alone).</summary>
    public IReadOnlyList<string> Holders { get; } = holders;

    public string Reason { get; } = reason;
}
