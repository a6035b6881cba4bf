using Akka.Actor;

namespace Peake.Cluster.Location;

/// <summary>
/// The hand-off and passivation stop message of our persistent entities. PoisonPill is handled ahead of the commands a
/// persistent actor stashes while a write is in flight, so those commands would go to dead letters; this message is
/// an ordinary command, stashed and handled in order, so the entity stops only after them. Sent locally by the shard,
/// never over the wire.
/// </summary>
public sealed class StopEntity : INoSerializationVerificationNeeded
{
    public static readonly StopEntity Instance = new();

    private StopEntity()
    {
    }
}
