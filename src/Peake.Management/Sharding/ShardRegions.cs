using System.Collections.Concurrent;
using Akka.Actor;

namespace Peake.Management.Sharding;

/// <summary>
/// The sharded types this node is meant to run and the regions started so far. The host registers each region as
/// <c>ClusterSharding.StartAsync</c> returns it; /ready reports the types still missing, the shard and entity routes
/// look regions up here (and need the bucket count to compute an entity's shard id the way the extractor does).
/// </summary>
public sealed class ShardRegions(IEnumerable<string> expectedTypes, int bucketsPerSite)
{
    private readonly ConcurrentDictionary<string, IActorRef> _started = new(StringComparer.Ordinal);

    public IReadOnlyList<string> ExpectedTypes { get; } = [.. expectedTypes];

    public int BucketsPerSite { get; } = bucketsPerSite;

    public void Register(string type, IActorRef region)
    {
        if (!ExpectedTypes.Contains(type, StringComparer.Ordinal))
            throw new ArgumentException($"'{type}' is not a sharded type of this node", nameof(type));
        _started[type] = region;
    }

    public bool IsKnownType(string type) => ExpectedTypes.Contains(type, StringComparer.Ordinal);

    public IActorRef? RegionOf(string type) => _started.GetValueOrDefault(type);

    public IReadOnlyList<string> NotStarted() => [.. ExpectedTypes.Where(t => !_started.ContainsKey(t))];
}
