namespace Peake.Replication.Nodes;

/// <summary>
/// The live (Up and reachable) members' <see cref="NodeInfo"/>, refreshed on membership events and periodically.
/// Thread-safe: readers get an immutable snapshot.
/// </summary>
public interface INodeDirectory
{
    IReadOnlyList<NodeInfo> Live { get; }

    NodeInfo? Find(string address);

    /// <summary>Completes once at least <paramref name="count"/> nodes are live; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    Task<IReadOnlyList<NodeInfo>> WaitForAsync(int count, TimeSpan timeout, CancellationToken ct);
}
