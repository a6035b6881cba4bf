using Akka.Cluster.Sharding;

namespace Peake.Cluster.Sharding;

/// <summary>
/// Routes <see cref="ISiteAffineMessage"/>s to shard <c>{HomeSite}:{bucket}</c>; entities receive the message itself.
/// Akka answers <see cref="ShardRegion.StartEntity"/> (remember-entities) itself through
/// <see cref="ShardId(string, object?)"/>, which has no site to go on: it asks <paramref name="homeSiteOf"/> (the
/// location directory, later); with no answer the shard id is null and the region does not deliver, rather than
/// guessing a site and starting a second incarnation of the entity elsewhere.
/// </summary>
public sealed class SiteAffineMessageExtractor(int bucketsPerSite, Func<string, string?>? homeSiteOf = null) : IMessageExtractor
{
    public int BucketsPerSite { get; } = bucketsPerSite >= 1
        ? bucketsPerSite
        : throw new ArgumentOutOfRangeException(nameof(bucketsPerSite), bucketsPerSite, "at least one bucket per site");

    public string? EntityId(object message) => message switch
    {
        ISiteAffineMessage m => m.EntityId,
        _ => null,
    };

    public object? EntityMessage(object message) => message is ISiteAffineMessage ? message : null;

    public string? ShardId(object message) => message switch
    {
        ISiteAffineMessage m => SiteShardId.For(m.HomeSite, m.EntityId, BucketsPerSite),
        _ => null,
    };

    // The interface promises a string; null is what the string-returning ShardId(object) also gives for "not mine".
    public string ShardId(string entityId, object? messageHint = null)
    {
        var site = (messageHint as ISiteAffineMessage)?.HomeSite ?? homeSiteOf?.Invoke(entityId);
        return site is null ? null! : SiteShardId.For(site, entityId, BucketsPerSite);
    }
}
