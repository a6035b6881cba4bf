using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;

namespace Peake.Cluster.Location;

/// <summary>
/// Where each sharded entity currently lives (its home site), replicated to every node with Distributed Data.
///
/// One <see cref="LWWDictionary{TKey,TValue}"/> of entity id → site per (type, bucket): the bucket spreads a type over
/// <see cref="BucketsPerType"/> keys so one change does not re-gossip every entry of the type. Writes go to a
/// majority, so a reader that also reads a majority sees them; reads that time out (a site cut off) fall back to the
/// local replica, which is what the caller would otherwise have to guess. The journal stays the authority on who owns
/// an entity (ADR 0019): the directory only tells senders where to go first, and a stale answer costs a forward.
/// <see cref="CachedHomeSiteOf"/> answers synchronously from a cache this node's replicator keeps current, for the
/// sharding extractor, which cannot wait.
/// </summary>
public sealed class LocationDirectory : IExtension
{
    /// <summary>Fixed for the cluster's life, like the shard buckets: it names the replicated keys.</summary>
    public const int BucketsPerType = 32;

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private readonly IActorRef _replicator;
    private readonly UniqueAddress _self;
    private readonly IActorRef _cacheKeeper;
    private readonly ConcurrentDictionary<(string Type, string Id), string> _cache = new();
    private readonly ConcurrentDictionary<string, bool> _watchedTypes = new(StringComparer.Ordinal);

    internal LocationDirectory(ExtendedActorSystem system)
    {
        _replicator = DistributedData.Get(system).Replicator;
        _self = Akka.Cluster.Cluster.Get(system).SelfUniqueAddress;
        _cacheKeeper = system.SystemActorOf(Props.Create(() => new LocationCacheKeeper(this)), "peake-location-cache");
    }

    public static LocationDirectory Get(ActorSystem system) =>
        system.WithExtension<LocationDirectory, LocationDirectoryProvider>();

    /// <summary>How long a majority read or write may take before it counts as timed out.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>The home site a majority of nodes agree on (this node's replica when no majority answers), or null.</summary>
    public async Task<string?> HomeSiteOfAsync(string type, string entityId, CancellationToken cancellationToken)
    {
        Watch(type);
        var key = KeyFor(type, entityId);
        var response = await AskAsync<IGetResponse>(new Get(key, new ReadMajority(Timeout)), cancellationToken);
        if (response is GetFailure)
            response = await AskAsync<IGetResponse>(new Get(key, ReadLocal.Instance), cancellationToken);
        if (response is not GetSuccess success || !success.Get(key).TryGetValue(entityId, out var site))
            return null;
        _cache[(type, entityId)] = site;
        return site;
    }

    /// <summary>
    /// Records that <paramref name="entityId"/> of <paramref name="type"/> now lives at <paramref name="site"/>, on a
    /// majority of nodes. On timeout this node holds the entry and gossip spreads it; the caller is told by a
    /// <see cref="TimeoutException"/> so it can decide whether that is enough.
    /// </summary>
    public async Task RecordAsync(string type, string entityId, string site, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(site);
        Watch(type);
        var key = KeyFor(type, entityId);
        var update = new Update(
            key,
            LWWDictionary<string, string>.Empty,
            new WriteMajority(Timeout),
            current => ((LWWDictionary<string, string>)current).SetItem(_self, entityId, site));
        _cache[(type, entityId)] = site;
        var response = await AskAsync<IUpdateResponse>(update, cancellationToken);
        switch (response)
        {
            case UpdateSuccess:
                return;
            case UpdateTimeout:
                throw new TimeoutException(
                    $"The location of {type} '{entityId}' was recorded on this node but no majority confirmed it within {Timeout}.");
            default:
                throw new InvalidOperationException($"The location of {type} '{entityId}' was not recorded: {response}.");
        }
    }

    /// <summary>This node's replica, without waiting: null when the entity is unknown here (yet).</summary>
    public string? CachedHomeSiteOf(string type, string entityId)
    {
        Watch(type);
        return _cache.GetValueOrDefault((type, entityId));
    }

    /// <summary>A resolver for <see cref="Sharding.SiteAffineMessageExtractor"/>'s StartEntity path.</summary>
    public Func<string, string?> ResolverFor(string type) => entityId => CachedHomeSiteOf(type, entityId);

    internal static LWWDictionaryKey<string, string> KeyFor(string type, string entityId) =>
        KeyFor(type, Sharding.SiteShardId.BucketOf(entityId, BucketsPerType));

    internal static LWWDictionaryKey<string, string> KeyFor(string type, int bucket) =>
        new($"peake-location-{type}-{bucket}");

    internal void Refresh(string type, LWWDictionary<string, string> entries)
    {
        foreach (var (id, site) in entries.Entries)
            _cache[(type, id)] = site;
    }

    // The first use of a type subscribes its keys: the replicator then pushes every change (and the current value).
    private void Watch(string type)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        if (_watchedTypes.TryAdd(type, true))
            _cacheKeeper.Tell(new LocationCacheKeeper.WatchType(type));
    }

    private async Task<T> AskAsync<T>(object message, CancellationToken cancellationToken) =>
        // The replicator answers within Timeout; the margin covers its own scheduling.
        await _replicator.Ask<T>(message, Timeout + TimeSpan.FromSeconds(2), cancellationToken);

    internal IActorRef Replicator => _replicator;
}
