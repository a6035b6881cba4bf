using Akka.Actor;

namespace Peake.Cluster.Location;

internal sealed class LocationDirectoryProvider : ExtensionIdProvider<LocationDirectory>
{
    public override LocationDirectory CreateExtension(ExtendedActorSystem system) => new(system);
}
