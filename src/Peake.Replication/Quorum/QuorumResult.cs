using Peake.Replication.Nodes;

namespace Peake.Replication.Quorum;

/// <summary>The nodes that hold the blob durably once the write quorum is reached, the writing node first.</summary>
public sealed record QuorumResult(IReadOnlyList<NodeInfo> Holders);
