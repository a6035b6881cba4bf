using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Peake.Replication.Replicas;

namespace Peake.Replication.Nodes;

/// <summary>
/// Keeps <see cref="NodeDirectory"/> current (<c>/user/node-directory</c>): follows membership and reachability, and
/// asks every Up member's replica actor for its <see cref="NodeInfo"/> when it comes up and then periodically (free
/// space and the draining flag change). A member whose replica does not answer yet is asked again a second later.
/// </summary>
internal sealed class NodeDirectoryActor : ReceiveActor, IWithTimers
{
    private readonly NodeDirectory _directory;
    private readonly TimeSpan _refresh;
    private readonly HashSet<Address> _up = [];
    private readonly HashSet<Address> _unreachable = [];
    private ImmutableDictionary<string, NodeInfo> _infos = ImmutableDictionary<string, NodeInfo>.Empty.WithComparers(StringComparer.Ordinal);

    public NodeDirectoryActor(NodeDirectory directory, TimeSpan refresh)
    {
        _directory = directory;
        _refresh = refresh;
        Receive<ClusterEvent.MemberUp>(e => Up(e.Member.Address));
        Receive<ClusterEvent.MemberWeaklyUp>(e => Up(e.Member.Address));
        Receive<ClusterEvent.MemberRemoved>(e => Gone(e.Member.Address));
        Receive<ClusterEvent.MemberExited>(e => Gone(e.Member.Address));
        Receive<ClusterEvent.MemberLeft>(e => Gone(e.Member.Address));
        Receive<ClusterEvent.MemberDowned>(e => Gone(e.Member.Address));
        Receive<ClusterEvent.UnreachableMember>(e =>
        {
            _unreachable.Add(e.Member.Address);
            Publish();
        });
        Receive<ClusterEvent.ReachableMember>(e =>
        {
            _unreachable.Remove(e.Member.Address);
            Publish();
        });
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<Refresh>(_ =>
        {
            foreach (var address in _up)
                Ask(address);
        });
        Receive<AskAgain>(a =>
        {
            if (_up.Contains(a.Address))
                Ask(a.Address);
        });
        Receive<Answered>(a =>
        {
            if (!_up.Contains(a.Address))
                return;
            if (a.Info is null)
            {
                Timers.StartSingleTimer(("again", a.Address), new AskAgain(a.Address), TimeSpan.FromSeconds(1));
                return;
            }
            _infos = _infos.SetItem(a.Address.ToString(), a.Info with { Address = a.Address.ToString() });
            Publish();
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(NodeDirectory directory, TimeSpan refresh) =>
        Akka.Actor.Props.Create(() => new NodeDirectoryActor(directory, refresh));

    protected override void PreStart()
    {
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        Timers.StartPeriodicTimer("refresh", Refresh.Instance, _refresh);
    }

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    private void Up(Address address)
    {
        _up.Add(address);
        Ask(address);
    }

    private void Gone(Address address)
    {
        _up.Remove(address);
        _unreachable.Remove(address);
        _infos = _infos.Remove(address.ToString());
        Publish();
    }

    private void Ask(Address address)
    {
        Context.System.ActorSelection($"{address}/user/{ReplicationStartup.ReplicaName}")
            .Ask<NodeInfo>(GetNodeInfo.Instance, TimeSpan.FromSeconds(5))
            .ContinueWith(t => new Answered(address, t.IsCompletedSuccessfully ? t.Result : null), TaskScheduler.Default)
            .PipeTo(Self);
    }

    private void Publish() =>
        _directory.Publish(_infos.RemoveRange(_unreachable.Select(a => a.ToString())));

    private sealed record Refresh
    {
        public static readonly Refresh Instance = new();
    }

    private sealed record AskAgain(Address Address);

    private sealed record Answered(Address Address, NodeInfo? Info);
}
