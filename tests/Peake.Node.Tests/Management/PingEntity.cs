using Akka.Actor;

namespace Peake.Node.Tests.Management;

/// <summary>A sharded entity that answers <see cref="Ping"/> with its own entity id.</summary>
internal sealed class PingEntity : ReceiveActor
{
    public PingEntity() => Receive<Ping>(p => Sender.Tell(p.EntityId));
}
