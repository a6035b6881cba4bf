using Peake.Replication.Coordinator;
using Peake.Replication.Nodes;
using Peake.Replication.Tests.Harness;

namespace Peake.Replication.Tests;

public sealed class CopyLocatorTests
{
    private static NodeInfo Node(string name, string site) =>
        new($"akka.tcp://peake@{name}:1", site, $"http://{name}:8558", name, 104, "AE", null, 10_000_000, 1_000_000);

    private static NodeRef Ref(NodeInfo n) => new(n.Address, n.Site);

    [Fact]
    public void Given_copies_on_three_sites_When_a_south_node_reads_Then_it_skips_itself_and_goes_same_site_then_nearest()
    {
        NodeInfo n1 = Node("n1", "north"), m1 = Node("m1", "middle"), s1 = Node("s1", "south"), s2 = Node("s2", "south");
        var directory = new Directory([n1, m1, s1, s2]);

        var order = CopyLocator.Order([Ref(n1), Ref(m1), Ref(s1), Ref(s2)], directory, ReplicationCluster.Sites, s1.Address, "south");

        Assert.Equal(["s2", "m1", "n1"], order.Select(u => u.Host));
    }

    [Fact]
    public void Given_a_holder_the_directory_no_longer_lists_When_ordered_Then_it_is_left_out()
    {
        NodeInfo n1 = Node("n1", "north"), m1 = Node("m1", "middle");
        var directory = new Directory([m1]);

        var order = CopyLocator.Order([Ref(n1), Ref(m1)], directory, ReplicationCluster.Sites, "akka.tcp://peake@self:1", "north");

        Assert.Equal(["m1"], order.Select(u => u.Host));
    }

    private sealed class Directory(IReadOnlyList<NodeInfo> live) : INodeDirectory
    {
        public IReadOnlyList<NodeInfo> Live => live;

        public NodeInfo? Find(string address) => live.FirstOrDefault(n => n.Address == address);

        public Task<IReadOnlyList<NodeInfo>> WaitForAsync(int count, TimeSpan timeout, CancellationToken ct) => Task.FromResult(live);
    }
}
