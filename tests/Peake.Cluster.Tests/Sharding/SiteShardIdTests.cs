using CsCheck;
using Peake.Cluster.Sharding;

namespace Peake.Cluster.Tests.Sharding;

public sealed class SiteShardIdTests
{
    [Fact]
    public void Should_hash_with_fnv1a_so_every_node_and_version_agrees()
    {
        // Published FNV-1a 32-bit test vectors.
        Assert.Equal(0x811c9dc5u, SiteShardId.Fnv1a32(""));
        Assert.Equal(0xe40c292cu, SiteShardId.Fnv1a32("a"));
        Assert.Equal(0xbf9cf968u, SiteShardId.Fnv1a32("foobar"));
    }

    [Fact]
    public void Should_put_an_entity_in_a_bucket_of_its_home_site()
    {
        Assert.Equal($"east:{0xe40c292cu % 100}", SiteShardId.For("east", "a", 100));
    }

    [Fact]
    public void Should_round_trip_site_and_bucket()
    {
        Gen.Select(Gen.String["abcdefghijklmnopqrstuvwxyz-"], Gen.Int[0, 100_000])
            .Where((site, _) => site.Length > 0)
            .Sample((site, bucket) =>
                SiteShardId.TryParse(SiteShardId.Format(site, bucket), out var s, out var b) && s == site && b == bucket);
    }

    [Fact]
    public void Should_keep_buckets_in_range_for_any_entity_id_including_long_ones()
    {
        Gen.Select(Gen.String, Gen.Int[1, 5000]).Sample((id, n) => SiteShardId.BucketOf(id, n) is var b && b >= 0 && b < n);
        Assert.InRange(SiteShardId.BucketOf(new string('é', 1000), 7), 0, 6);
    }

    [Theory]
    [InlineData("east")]
    [InlineData(":3")]
    [InlineData("east:")]
    [InlineData("east:-1")]
    [InlineData("east:x")]
    public void Should_not_parse_ids_it_did_not_make(string shardId)
    {
        Assert.False(SiteShardId.TryParse(shardId, out _, out _));
        Assert.Null(SiteShardId.SiteOf(shardId));
    }
}
