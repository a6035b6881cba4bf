using Peake.Replication.Coordinator;

namespace Peake.Replication.Tests;

public sealed class CopyMapTests
{
    private static readonly DateTime T0 = new(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Given_an_inventory_When_reconciled_Then_missing_copies_go_and_unknown_ones_come()
    {
        var map = new CopyMap();
        map.Add("a", "n1", T0);
        map.Add("b", "n1", T0);

        var changed = map.Reconcile("n1", T0.AddSeconds(1), new HashSet<string> { "b", "c" });

        Assert.Equal(["a", "c"], changed.Order());
        Assert.Equal(["b", "c"], map.HashesOn("n1").Order());
        Assert.Empty(map.HoldersOf("a"));
    }

    [Fact]
    public void Given_a_copy_added_after_the_sweep_began_When_the_older_inventory_lacks_it_Then_it_stays()
    {
        var map = new CopyMap();
        map.Add("a", "n1", T0.AddSeconds(2));

        map.Reconcile("n1", T0.AddSeconds(1), new HashSet<string>());

        Assert.Equal(["n1"], map.HoldersOf("a"));
    }

    [Fact]
    public void Given_a_copy_lost_after_the_sweep_began_When_the_older_inventory_still_lists_it_Then_it_is_not_revived()
    {
        var map = new CopyMap();
        map.Add("a", "n1", T0);
        map.Remove("a", "n1", T0.AddSeconds(2));

        map.Reconcile("n1", T0.AddSeconds(1), new HashSet<string> { "a" });
        Assert.Empty(map.HoldersOf("a"));

        // A sweep that began after the loss is believed: the copy is back (restored, or fetched again).
        map.Reconcile("n1", T0.AddSeconds(3), new HashSet<string> { "a" });
        Assert.Equal(["n1"], map.HoldersOf("a"));
    }

    [Fact]
    public void Given_a_node_gone_for_good_When_dropped_Then_none_of_its_copies_remain()
    {
        var map = new CopyMap();
        map.Add("a", "n1", T0);
        map.Add("a", "n2", T0);
        map.Add("b", "n1", T0);

        map.DropNode("n1");

        Assert.Equal(["n2"], map.HoldersOf("a"));
        Assert.Empty(map.HoldersOf("b"));
        Assert.Equal(["a"], map.Hashes);
    }
}
