using Peake.Storage;

namespace Peake.Replication.Quorum;

/// <summary>Brings a blob that is durable on this node to a write quorum of nodes before the sender is acknowledged.</summary>
public interface IQuorumWriter
{
    /// <summary>
    /// Asks <c>quorum - 1</c> placement targets (at least one on another site than this node when quorum ≥ 2 and another
    /// site is live) to fetch the blob from this node, trying further targets on failure.
    /// </summary>
    /// <returns>The holders, this node first.</returns>
    /// <exception cref="QuorumNotReachedException">Fewer than <paramref name="quorum"/> holders within <paramref name="timeout"/>.</exception>
    Task<QuorumResult> ReplicateAsync(BlobInfo blob, string homeSite, int quorum, TimeSpan timeout, CancellationToken ct);
}
