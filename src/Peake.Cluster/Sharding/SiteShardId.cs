using System.Globalization;
using System.Text;

namespace Peake.Cluster.Sharding;

/// <summary>
/// Shard ids that carry their home site: <c>{site}:{bucket}</c>, e.g. <c>east:17</c>. The bucket is a hash of the
/// entity id modulo the number of buckets per site. Every node must compute the same shard id for the same entity,
/// so the hash is FNV-1a over UTF-8 (string.GetHashCode is randomised per process) and the bucket count is fixed for
/// the life of the cluster: changing it re-homes entities to new shards.
/// </summary>
public static class SiteShardId
{
    public const char Separator = ':';

    public static string Format(string site, int bucket) =>
        string.Create(CultureInfo.InvariantCulture, $"{site}{Separator}{bucket}");

    public static string For(string site, string entityId, int bucketsPerSite) =>
        Format(site, BucketOf(entityId, bucketsPerSite));

    /// <summary>The home site of a shard id, or null when the id was not made by <see cref="Format"/>.</summary>
    public static string? SiteOf(string shardId) => TryParse(shardId, out var site, out _) ? site : null;

    public static bool TryParse(string shardId, out string site, out int bucket)
    {
        var colon = shardId.LastIndexOf(Separator);
        site = colon > 0 ? shardId[..colon] : "";
        bucket = -1;
        return colon > 0
            && int.TryParse(shardId.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out bucket);
    }

    public static int BucketOf(string entityId, int bucketsPerSite)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketsPerSite, 1);
        return (int)(Fnv1a32(entityId) % (uint)bucketsPerSite);
    }

    // FNV-1a, 32 bits (offset basis 2166136261, prime 16777619): simple, fast, and fixed by its definition.
    internal static uint Fnv1a32(string text)
    {
        var hash = 2166136261u;
        var length = Encoding.UTF8.GetByteCount(text);
        Span<byte> bytes = length <= 256 ? stackalloc byte[256] : new byte[length];
        bytes = bytes[..Encoding.UTF8.GetBytes(text, bytes)];
        foreach (var b in bytes)
            hash = unchecked((hash ^ b) * 16777619u);
        return hash;
    }
}
