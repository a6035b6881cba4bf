using Peake.Cluster.Serialization;

namespace Peake.Cluster.Sharding;

/// <summary>
/// A message for a sharded entity that knows the entity's home site (the sender looked it up in the location
/// directory, or the entity is new and takes the site of the hospital that sent it).
/// </summary>
public interface ISiteAffineMessage : IPeakeMessage
{
    string HomeSite { get; }

    string EntityId { get; }
}
