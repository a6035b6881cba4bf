namespace Peake.Cluster.Serialization;

/// <summary>
/// The stable wire name of a message type. It never changes once shipped: stored events and nodes of the previous
/// release name the type by it, so renaming or moving the class must leave it alone (ADR 0017).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PeakeManifestAttribute(string manifest) : Attribute
{
    public string Manifest { get; } = manifest;
}
