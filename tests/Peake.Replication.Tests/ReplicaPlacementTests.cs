using Peake.Replication.Nodes;
using Peake.Replication.Placement;
using Peake.Replication.Tests.Harness;

namespace Peake.Replication.Tests;

public sealed class ReplicaPlacementTests
{
    private static NodeInfo Node(string name, string site, long free = 1_000_000, bool draining = false) =>
        new($"akka.tcp://peake@{name}:1", site, $"http://{name}", name, 104, "AE", null, 10_000_000, free) { Draining = draining };

    private static IReadOnlyList<string> Choose(string home, IReadOnlyCollection<NodeInfo> nodes, string[] held, int wanted = 3, long size = 0) =>
        [.. ReplicaPlacement.Choose(home, nodes, [.. held.Select(h => Node(h, "").Address)], wanted, ReplicationCluster.Sites, size)
            .Select(n => n.Address.Split('@', ':')[2])];

    private static readonly NodeInfo[] Six =
    [
        Node("n1", "north"), Node("n2", "north"), Node("m1", "middle"), Node("m2", "middle"), Node("s1", "south"), Node("s2", "south"),
    ];

    [Fact]
    public void Given_nothing_held_When_three_copies_are_placed_Then_the_home_site_comes_first_and_the_nearest_site_follows()
    {
        Assert.Equal(["n1", "n2", "m1"], Choose("north", Six, []));
        Assert.Equal(["s1", "s2", "m1"], Choose("south", Six, []));
    }

    [Fact]
    public void Given_a_home_site_with_more_free_space_on_one_node_Then_that_node_is_chosen_first()
    {
        NodeInfo[] nodes = [Node("n1", "north", free: 10), Node("n2", "north", free: 500), Node("m1", "middle")];
        Assert.Equal(["n2", "n1", "m1"], Choose("north", nodes, []));
    }

    [Fact]
    public void Given_every_copy_so_far_on_one_site_When_the_last_slot_is_filled_Then_it_goes_to_another_site()
    {
        NodeInfo[] nodes = [Node("n1", "north"), Node("n2", "north"), Node("n3", "north"), Node("s1", "south")];
        Assert.Equal(["n1", "s1"], Choose("north", nodes, [], wanted: 2));
        Assert.Equal(["n1", "n2", "s1"], Choose("north", nodes, []));
        // The writing node holds it already: its partner is on another site.
        Assert.Equal(["s1"], Choose("north", nodes, ["n3"], wanted: 2));
    }

    [Fact]
    public void Given_only_one_site_live_Then_placement_stays_on_it()
    {
        NodeInfo[] nodes = [Node("n1", "north"), Node("n2", "north"), Node("n3", "north")];
        Assert.Equal(["n1", "n2", "n3"], Choose("south", nodes, []));
    }

    [Fact]
    public void Given_draining_and_full_nodes_Then_they_are_skipped()
    {
        NodeInfo[] nodes =
        [
            Node("n1", "north", draining: true), Node("n2", "north", free: 99), Node("n3", "north"), Node("m1", "middle"), Node("m2", "middle"),
        ];
        Assert.Equal(["n3", "m1", "m2"], Choose("north", nodes, [], size: 100));
    }

    [Fact]
    public void Given_holders_When_copies_are_missing_Then_only_the_missing_ones_are_chosen_and_never_a_holder()
    {
        Assert.Equal(["n2"], Choose("north", Six, ["n1", "m1"]));
        Assert.Empty(Choose("north", Six, ["n1", "m1", "s1"]));
        Assert.Equal(["n1", "n2"], Choose("north", Six, ["s1"]));
    }

    [Fact]
    public void Given_too_few_eligible_nodes_Then_as_many_as_there_are_are_chosen()
    {
        NodeInfo[] nodes = [Node("n1", "north"), Node("m1", "middle")];
        Assert.Equal(["n1", "m1"], Choose("north", nodes, []));
    }

    [Fact]
    public void Given_four_holders_When_trimming_Then_the_kept_three_include_the_home_site_and_span_two_sites()
    {
        NodeInfo[] holders = [Node("m1", "middle"), Node("m2", "middle"), Node("s1", "south"), Node("n1", "north")];
        var keep = ReplicaPlacement.Keep("north", holders, 3, ReplicationCluster.Sites).Select(n => n.Site).ToList();
        Assert.Equal(["north", "middle", "middle"], keep);

        NodeInfo[] oneSite = [Node("n1", "north"), Node("n2", "north"), Node("n3", "north"), Node("s1", "south")];
        Assert.Contains("south", ReplicaPlacement.Keep("north", oneSite, 3, ReplicationCluster.Sites).Select(n => n.Site));
    }

    // #8: with the blob's hash as spread key, equally roomy nodes of a site share the blobs.
    [Fact]
    public void Given_two_home_nodes_with_similar_free_space_When_many_blobs_are_placed_Then_both_are_chosen_first_for_some()
    {
        NodeInfo[] nodes = [Node("n1", "north", free: 1_000_000), Node("n2", "north", free: 990_000), Node("m1", "middle")];
        var first = Enumerable.Range(0, 200)
            .Select(i => ReplicaPlacement.Choose("north", nodes, [], 2, ReplicationCluster.Sites, 0, $"{i:x64}")[0].Address)
            .GroupBy(a => a)
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(2, first.Count);
        Assert.All(first.Values, c => Assert.True(c > 40, $"{c} of 200"));
        // Much more room still wins.
        NodeInfo[] uneven = [Node("n1", "north", free: 10), Node("n2", "north", free: 500), Node("m1", "middle")];
        Assert.All(Enumerable.Range(0, 20), i =>
            Assert.Equal(uneven[1].Address, ReplicaPlacement.Choose("north", uneven, [], 3, ReplicationCluster.Sites, 0, $"{i:x64}")[0].Address));
    }
}
