using Akka.Configuration;

namespace Peake.Cluster.Serialization;

/// <summary>The HOCON that binds <see cref="IPeakeMessage"/> to <see cref="PeakeSerializer"/>; every node falls back to it.</summary>
public static class PeakeSerialization
{
    public static Config Config { get; } = ConfigurationFactory.ParseString("""
        akka.actor {
          serializers.peake = "Peake.Cluster.Serialization.PeakeSerializer, Peake.Cluster"
          serialization-bindings {
            "Peake.Cluster.Serialization.IPeakeMessage, Peake.Cluster" = peake
          }
        }
        """);
}
