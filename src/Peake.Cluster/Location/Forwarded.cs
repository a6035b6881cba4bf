using Akka.Actor;
using MessagePack;
using Peake.Cluster.Serialization;
using Peake.Cluster.Sharding;

namespace Peake.Cluster.Location;

/// <summary>
/// A message that reached an incarnation which does not own its entity, re-addressed to the owner's site. The inner
/// message travels serialized (its own serializer and manifest), so any entity message can be forwarded unchanged;
/// <paramref name="Hops"/> bounds a loop between incarnations whose views of the journal disagree.
/// </summary>
[MessagePackObject, PeakeManifest("loc-fwd")]
public sealed record Forwarded(
    [property: Key(0)] string HomeSite,
    [property: Key(1)] string EntityId,
    [property: Key(2)] int Hops,
    [property: Key(3)] int SerializerId,
    [property: Key(4)] string Manifest,
    [property: Key(5)] byte[] Payload) : ISiteAffineMessage
{
    /// <summary>Beyond this many hops the incarnations disagree for longer than a relocation takes: refuse, loudly.</summary>
    public const int MaxHops = 8;

    public static Forwarded Wrap(ActorSystem system, object message, string entityId, string toSite, int hops)
    {
        var serializer = system.Serialization.FindSerializerFor(message);
        return new Forwarded(
            toSite,
            entityId,
            hops,
            serializer.Identifier,
            Akka.Serialization.Serialization.ManifestFor(serializer, message),
            serializer.ToBinary(message));
    }

    public object Unwrap(ActorSystem system) => system.Serialization.Deserialize(Payload, SerializerId, Manifest);
}
