namespace Peake.Cluster.Serialization;

/// <summary>
/// Marker for every message that leaves a node or is persisted: HOCON binds it to <see cref="PeakeSerializer"/>,
/// so none falls through to the JSON default that embeds CLR type names. Implementers carry a
/// <see cref="PeakeManifestAttribute"/> and a MessagePack contract with explicit keys.
/// </summary>
public interface IPeakeMessage;
