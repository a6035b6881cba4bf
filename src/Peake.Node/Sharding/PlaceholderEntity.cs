using Akka.Actor;

namespace Peake.Node.Sharding;

/// <summary>Stands in for an entity actor not merged yet: it exists (so it shows in shard stats) and ignores messages.</summary>
internal sealed class PlaceholderEntity : UntypedActor
{
    protected override void OnReceive(object message) => Unhandled(message);
}
