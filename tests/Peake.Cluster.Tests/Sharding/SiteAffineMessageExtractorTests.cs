using Peake.Cluster.Sharding;

namespace Peake.Cluster.Tests.Sharding;

public sealed class SiteAffineMessageExtractorTests
{
    private sealed record Ping(string HomeSite, string EntityId) : ISiteAffineMessage;

    [Fact]
    public void Should_route_a_message_to_a_shard_of_its_home_site_and_deliver_it_whole()
    {
        var extractor = new SiteAffineMessageExtractor(100);
        var ping = new Ping("west", "PAT-1");

        Assert.Equal(SiteShardId.For("west", "PAT-1", 100), extractor.ShardId(ping));
        Assert.StartsWith("west:", extractor.ShardId(ping));
        Assert.Equal("PAT-1", extractor.EntityId(ping));
        Assert.Same(ping, extractor.EntityMessage(ping));
    }

    [Fact]
    public void Should_give_the_same_entity_different_shards_at_different_home_sites_but_the_same_bucket()
    {
        var extractor = new SiteAffineMessageExtractor(100);

        Assert.Equal(SiteShardId.BucketOf("PAT-1", 100).ToString(System.Globalization.CultureInfo.InvariantCulture),
            extractor.ShardId(new Ping("east", "PAT-1"))!.Split(':')[1]);
        Assert.NotEqual(extractor.ShardId(new Ping("east", "PAT-1")), extractor.ShardId(new Ping("west", "PAT-1")));
    }

    [Fact]
    public void Should_ask_the_directory_when_only_the_entity_id_is_known()
    {
        var extractor = new SiteAffineMessageExtractor(10, id => id == "PAT-9" ? "south" : null);

        Assert.Equal(SiteShardId.For("south", "PAT-9", 10), extractor.ShardId("PAT-9"));
        Assert.Null(extractor.ShardId("PAT-unknown"));
        Assert.Null(new SiteAffineMessageExtractor(10).ShardId("PAT-9"));
    }

    [Fact]
    public void Should_not_claim_foreign_messages()
    {
        var extractor = new SiteAffineMessageExtractor(10);

        Assert.Null(extractor.ShardId("a string"));
        Assert.Null(extractor.EntityId(42));
        Assert.Null(extractor.EntityMessage(42));
    }

    [Fact]
    public void Should_refuse_zero_buckets()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SiteAffineMessageExtractor(0));
    }
}
