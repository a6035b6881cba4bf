using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using MessagePack;

namespace Peake.Cluster.Serialization;

/// <summary>
/// MessagePack with explicit <c>[Key]</c> contracts for every <see cref="IPeakeMessage"/>; the manifest is the
/// type's <see cref="PeakeManifestAttribute"/>, never its CLR name, so classes can be renamed and moved (ADR 0017).
/// </summary>
public sealed class PeakeSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Akka reserves 0–100 for its own serializers.</summary>
    public const int Id = 171;

    // Payloads come from other nodes and from storage: MessagePack's hardened mode bounds depth and hash flooding.
    private static readonly MessagePackSerializerOptions Options =
        MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    public override int Identifier => Id;

    public override string Manifest(object o) => PeakeManifests.Of(o.GetType());

    public override byte[] ToBinary(object obj)
    {
        // Resolve the manifest first so a type without one fails here, not on the receiving node.
        _ = PeakeManifests.Of(obj.GetType());
        return MessagePackSerializer.Serialize(obj.GetType(), obj, Options);
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        var type = PeakeManifests.TypeOf(manifest);
        try
        {
            return MessagePackSerializer.Deserialize(type, bytes, Options)
                ?? throw new SerializationException($"Peake manifest '{manifest}' decoded to null.");
        }
        catch (MessagePackSerializationException e)
        {
            throw new SerializationException($"Malformed '{manifest}' payload.", e);
        }
    }
}
