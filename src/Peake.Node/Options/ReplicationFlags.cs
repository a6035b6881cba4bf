namespace Peake.Node.Options;

/// <summary>
/// Per-node overrides of <c>peake.replication</c> in cluster-config/common.conf; null leaves the file's value.
/// <paramref name="ScrubBytesPerSecond"/> 0 turns the scrubber off on this node (benchmarks).
/// </summary>
internal sealed record ReplicationFlags(TimeSpan? RepairGrace, TimeSpan? AntiEntropyInterval, long? ScrubBytesPerSecond);
