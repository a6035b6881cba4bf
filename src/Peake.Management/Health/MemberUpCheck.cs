using Akka.Actor;
using Akka.Cluster;

namespace Peake.Management.Health;

/// <summary>This node is an Up member: Joining/WeaklyUp nodes get no shards yet, Leaving/Exiting ones are draining.</summary>
internal sealed class MemberUpCheck(ActorSystem system) : IReadyCheck
{
    public string Name => "member";

    public Task<string?> FailureAsync(CancellationToken cancellationToken)
    {
        var self = Akka.Cluster.Cluster.Get(system).SelfMember;
        return Task.FromResult(self.Status == MemberStatus.Up ? null : $"this node is {self.Status}, not Up");
    }
}
