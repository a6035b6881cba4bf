using Akka.Actor;
using Akka.DistributedData;
using Peake.Cluster.Location;
using Peake.Cluster.Sharding;
using Peake.Cluster.Tests.Sharding;

namespace Peake.Cluster.Tests.Location;

[Trait("Category", "MultiNode")]
public sealed class LocationDirectoryTests : IAsyncLifetime
{
    private readonly TestSiteCluster _cluster = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Given_a_location_recorded_on_one_node_When_another_node_asks_Then_it_reads_it_and_caches_it()
    {
        var a = await _cluster.StartAsync("a");
        var b = await _cluster.StartAsync("b");
        var c = await _cluster.StartAsync("c");
        await _cluster.SettledAsync();
        using var timeout = new CancellationTokenSource(TestSiteCluster.Deadline);

        Assert.Null(await LocationDirectory.Get(b).HomeSiteOfAsync("study", "1.2.3", timeout.Token));
        // A majority is counted over the nodes a replicator knows, which may trail the membership by a moment: a write
        // at one that knew only itself would be a "majority" the other two never saw.
        await Eventually.Until(
            async () => (await Task.WhenAll(new[] { a, b, c }.Select(s =>
                DistributedData.Get(s).Replicator.Ask<ReplicaCount>(GetReplicaCount.Instance, TimeSpan.FromSeconds(3))))).All(r => r.N == 3),
            ok => ok,
            TestSiteCluster.Deadline, "every replicator counts three nodes");

        await Eventually.Until(
            async ct => { await LocationDirectory.Get(a).RecordAsync("study", "1.2.3", "east", ct); return true; },
            ok => ok,
            TestSiteCluster.Deadline, "a majority write");

        // A majority write and a majority read of three nodes overlap: the read sees it at once.
        Assert.Equal("east", await LocationDirectory.Get(b).HomeSiteOfAsync("study", "1.2.3", timeout.Token));
        await Eventually.Until(
            () => LocationDirectory.Get(c).CachedHomeSiteOf("study", "1.2.3") == "east", TestSiteCluster.Deadline, "c's replica has the entry");
        // Types do not share entries.
        Assert.Null(await LocationDirectory.Get(c).HomeSiteOfAsync("patient", "1.2.3", timeout.Token));

        await LocationDirectory.Get(c).RecordAsync("study", "1.2.3", "west", timeout.Token);
        await Eventually.Until(
            () => new[] { a, b, c }.All(s => LocationDirectory.Get(s).CachedHomeSiteOf("study", "1.2.3") == "west"),
            TestSiteCluster.Deadline, "the move reached every replica");
    }

    [Fact]
    public async Task Given_a_recorded_location_When_sharding_asks_the_extractor_for_an_entity_alone_Then_the_shard_is_at_that_site()
    {
        var a = await _cluster.StartAsync("a");
        var b = await _cluster.StartAsync("b");
        await _cluster.SettledAsync();
        using var timeout = new CancellationTokenSource(TestSiteCluster.Deadline);
        var extractor = new SiteAffineMessageExtractor(10, LocationDirectory.Get(b).ResolverFor("study"));

        // Unknown: no shard rather than a guessed site (a second incarnation elsewhere).
        Assert.Null(extractor.ShardId("1.2.4"));

        await LocationDirectory.Get(a).RecordAsync("study", "1.2.4", "west", timeout.Token);

        await Eventually.Until(
            () => extractor.ShardId("1.2.4") == SiteShardId.For("west", "1.2.4", 10),
            TestSiteCluster.Deadline, "the extractor resolves the recorded site from b's replica");
    }
}
