using Akka.Actor;
using Peake.Replication.Coordinator;
using Peake.Replication.Nodes;
using Peake.Replication.Tests.Harness;

namespace Peake.Replication.Tests;

public sealed class CopyLocatorTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("locator", "akka.loglevel = WARNING");

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

    [Fact]
    public async Task Given_a_coordinator_that_does_not_answer_When_copies_are_looked_up_Then_the_live_nodes_are_tried_nearest_first_and_it_is_asked_once()
    {
        NodeInfo n1 = Node("n1", "north"), m1 = Node("m1", "middle"), s1 = Node("s1", "south"), s2 = Node("s2", "south");
        var silent = new Silent();
        var coordinator = _system.ActorOf(Props.Create(() => new SilentActor(silent)));
        var time = new ManualTime();
        var locator = new CopyLocator(coordinator, new Directory([n1, m1, s1, s2]), ReplicationCluster.Sites, s1.Address, "south", TimeSpan.FromMilliseconds(300), time);

        var first = await locator.NearestFirstAsync(Hash(1), CancellationToken.None);
        var started = DateTime.UtcNow;
        var second = await locator.NearestFirstAsync(Hash(2), CancellationToken.None);
        var secondTook = DateTime.UtcNow - started;
        time.Advance(CopyLocator.UnavailableFor + TimeSpan.FromSeconds(1));
        await locator.NearestFirstAsync(Hash(3), CancellationToken.None);

        Assert.Equal(["s2", "m1", "n1"], first.Select(u => u.Host));
        Assert.Equal(["s2", "m1", "n1"], second.Select(u => u.Host));
        Assert.True(secondTook < TimeSpan.FromMilliseconds(250), $"the second lookup waited {secondTook}");
        Assert.Equal(2, silent.Asked);
    }

    [Fact]
    public async Task Given_a_coordinator_that_knows_one_holder_When_copies_are_looked_up_Then_the_holder_comes_first_and_the_other_live_nodes_after_it()
    {
        NodeInfo n1 = Node("n1", "north"), m1 = Node("m1", "middle"), s1 = Node("s1", "south"), s2 = Node("s2", "south");
        var coordinator = _system.ActorOf(Props.Create(() => new OneHolderActor(Ref(n1))));
        var locator = new CopyLocator(coordinator, new Directory([n1, m1, s1, s2]), ReplicationCluster.Sites, s1.Address, "south", TimeSpan.FromSeconds(5));

        var order = await locator.NearestFirstAsync(Hash(1), CancellationToken.None);

        Assert.Equal(["n1", "s2", "m1"], order.Select(u => u.Host));
        Assert.False(locator.CoordinatorUnavailable);
    }

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    private static string Hash(int n) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([(byte)n]));

    private sealed class Silent
    {
        private int _asked;

        public int Asked => Volatile.Read(ref _asked);

        public void Ask() => Interlocked.Increment(ref _asked);
    }

    // A coordinator in the middle of a fail-over: the message arrives, no answer comes.
    private sealed class SilentActor : ReceiveActor
    {
        public SilentActor(Silent silent) => Receive<GetCopies>(_ => silent.Ask());
    }

    private sealed class OneHolderActor : ReceiveActor
    {
        public OneHolderActor(NodeRef holder) =>
            Receive<GetCopies>(g => Sender.Tell(new CopiesView([.. g.Hashes.Select(h => new CopyEntry(h, [holder]))])));
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = DateTimeOffset.UtcNow;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }

    private sealed class Directory(IReadOnlyList<NodeInfo> live) : INodeDirectory
    {
        public IReadOnlyList<NodeInfo> Live => live;

        public NodeInfo? Find(string address) => live.FirstOrDefault(n => n.Address == address);

        public Task<IReadOnlyList<NodeInfo>> WaitForAsync(int count, TimeSpan timeout, CancellationToken ct) => Task.FromResult(live);
    }
}
