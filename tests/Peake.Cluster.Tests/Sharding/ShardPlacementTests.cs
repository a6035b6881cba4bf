using Akka.Cluster;
using Peake.Cluster.Sharding;
using Peake.Cluster.Sites;

namespace Peake.Cluster.Tests.Sharding;

public sealed class ShardPlacementTests
{
    // Sites on the equator: from a the order is a, b, c; from c it is c, b, a.
    private static readonly NearestSites Nearest = new(new SiteMap(
        [new Site("a", 0, 0, []), new Site("b", 0, 10, []), new Site("c", 0, 30, [])]));

    private static RegionView<string> Region(
        string name, string site, MemberStatus status = MemberStatus.Up, bool reachable = true, params string[] shards) =>
        new(name, new MemberView($"akka.tcp://peake@{name}:1", site, status, reachable), shards);

    private static string? Allocate(string shard, params RegionView<string>[] regions) =>
        ShardPlacement.Allocate(shard, regions, Nearest);

    private static IReadOnlyList<string> Rebalance(RegionView<string>[] regions, int max = 10, params string[] inProgress) =>
        ShardPlacement.Rebalance(regions, [.. regions.Select(r => r.Member)], inProgress.ToHashSet(), Nearest, max);

    [Fact]
    public void Given_a_node_of_the_home_site_When_allocating_Then_the_shard_goes_there()
    {
        Assert.Equal("b1", Allocate("b:7", Region("a1", "a"), Region("b1", "b"), Region("c1", "c")));
    }

    [Fact]
    public void Given_two_nodes_of_the_home_site_When_allocating_Then_the_one_with_fewer_shards_gets_it()
    {
        Assert.Equal("a2", Allocate("a:1",
            Region("a1", "a", shards: ["a:2", "a:3"]), Region("a2", "a", shards: ["a:4"]), Region("b1", "b")));
    }

    [Fact]
    public void Given_equal_load_When_allocating_Then_the_lowest_address_wins_so_every_node_agrees()
    {
        Assert.Equal("a1", Allocate("a:1", Region("a2", "a"), Region("a1", "a")));
    }

    [Fact]
    public void Given_the_home_site_has_no_node_When_allocating_Then_the_nearest_site_with_a_node_gets_it()
    {
        Assert.Equal("b1", Allocate("a:1", Region("c1", "c"), Region("b1", "b", shards: ["b:1", "b:2", "b:3"])));
        Assert.Equal("b1", Allocate("c:1", Region("a1", "a"), Region("b1", "b", shards: ["b:1"])));
    }

    [Theory]
    [InlineData(MemberStatus.Leaving, true)]
    [InlineData(MemberStatus.Exiting, true)]
    [InlineData(MemberStatus.Down, true)]
    [InlineData(MemberStatus.Joining, true)]
    [InlineData(MemberStatus.Up, false)]
    public void Given_the_home_node_cannot_host_When_allocating_Then_the_nearest_host_gets_it(MemberStatus status, bool reachable)
    {
        Assert.Equal("b1", Allocate("a:1", Region("a1", "a", status, reachable), Region("b1", "b"), Region("c1", "c")));
    }

    [Fact]
    public void Given_a_weakly_up_home_node_When_allocating_Then_it_may_host()
    {
        Assert.Equal("a1", Allocate("a:1", Region("a1", "a", MemberStatus.WeaklyUp), Region("b1", "b")));
    }

    [Theory]
    [InlineData("not-a-site-id")]
    [InlineData("atlantis:4")]
    public void Given_an_unknown_home_When_allocating_Then_the_least_loaded_host_anywhere_gets_it(string shard)
    {
        Assert.Equal("c1", Allocate(shard,
            Region("a1", "a", shards: ["a:1"]), Region("b1", "b", MemberStatus.Leaving), Region("c1", "c")));
    }

    [Fact]
    public void Given_no_member_can_host_When_allocating_Then_a_region_not_leaving_is_still_chosen()
    {
        Assert.Equal("b1", Allocate("a:1", Region("a1", "a", MemberStatus.Leaving), Region("b1", "b", reachable: false)));
        Assert.Equal("a1", Allocate("a:1", Region("a1", "a", MemberStatus.Exiting)));
        Assert.Null(Allocate("a:1"));
    }

    [Fact]
    public void Given_shards_on_a_fallback_site_When_their_home_has_a_node_again_Then_they_are_handed_off()
    {
        var regions = new[] { Region("a1", "a", shards: ["b:1"]), Region("b1", "b"), Region("c1", "c", shards: ["b:2", "c:1"]) };

        Assert.Equal(["b:1", "b:2"], Rebalance(regions));
    }

    [Fact]
    public void Given_every_shard_on_its_best_site_When_rebalancing_Then_nothing_moves()
    {
        // c's home has no node: b is the nearest host for c shards, so c:1 on b stays.
        var regions = new[] { Region("a1", "a", shards: ["a:1", "a:2"]), Region("b1", "b", shards: ["b:1", "c:1"]) };

        Assert.Empty(Rebalance(regions));
    }

    [Fact]
    public void Given_a_nearer_site_returns_first_When_rebalancing_Then_shards_move_to_it_not_only_home()
    {
        // Home c is still down; b (nearer to c than a) is back: c's shards leave a for b.
        var regions = new[] { Region("a1", "a", shards: ["c:1"]), Region("b1", "b") };

        Assert.Equal(["c:1"], Rebalance(regions));
    }

    [Theory]
    [InlineData(MemberStatus.Up, false)]
    [InlineData(MemberStatus.Joining, true)]
    [InlineData(MemberStatus.WeaklyUp, true)]
    [InlineData(MemberStatus.Leaving, true)]
    [InlineData(MemberStatus.Exiting, true)]
    [InlineData(MemberStatus.Down, true)]
    public void Given_membership_not_settled_When_rebalancing_Then_nothing_moves(MemberStatus status, bool reachable)
    {
        var regions = new[] { Region("a1", "a", shards: ["b:1"]), Region("b1", "b") };
        var unsettled = new MemberView("akka.tcp://peake@c9:1", "c", status, reachable);

        Assert.NotEmpty(Rebalance(regions));
        Assert.Empty(ShardPlacement.Rebalance(regions, [.. regions.Select(r => r.Member), unsettled],
            new HashSet<string>(), Nearest, 10));
    }

    [Fact]
    public void Given_hand_offs_in_progress_When_rebalancing_Then_they_count_against_the_limit_and_are_not_repeated()
    {
        var regions = new[] { Region("a1", "a", shards: ["b:1", "b:2", "b:3", "b:4"]), Region("b1", "b") };

        Assert.Equal(["b:1", "b:2"], Rebalance(regions, max: 2));
        Assert.Equal(["b:2"], Rebalance(regions, 2, "b:1"));
        Assert.Empty(Rebalance(regions, 2, "b:1", "b:3"));
    }

    [Fact]
    public void Given_a_shard_with_an_unknown_home_When_rebalancing_Then_it_stays_where_it_is()
    {
        var regions = new[] { Region("a1", "a", shards: ["legacy-7", "atlantis:1"]), Region("b1", "b") };

        Assert.Empty(Rebalance(regions));
    }

    [Fact]
    public void Rebalance_then_allocate_brings_a_shard_home()
    {
        var regions = new[] { Region("a1", "a", shards: ["b:5"]), Region("b1", "b") };

        var moved = Assert.Single(Rebalance(regions));
        Assert.Equal("b1", Allocate(moved, Region("a1", "a"), Region("b1", "b")));
    }
}
