using MessagePack;
using MessagePack.Formatters;

namespace Peake.Cluster.Patients;

/// <summary>
/// An identifier on the wire and in the journal: its key, <c>{issuer}\{patient id}</c>. Decoding goes through the
/// same validation as every other way in, so a stored or received value can never bypass the LO rules.
/// </summary>
public sealed class PatientIdentifierFormatter : IMessagePackFormatter<PatientIdentifier?>
{
    public void Serialize(ref MessagePackWriter writer, PatientIdentifier? value, MessagePackSerializerOptions options)
    {
        if (value is null)
            writer.WriteNil();
        else
            writer.Write(value.Key);
    }

    public PatientIdentifier? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
            return null;
        var key = reader.ReadString() ?? "";
        return PatientIdentifier.TryParseKey(key, out var identifier)
            ? identifier
            : throw new MessagePackSerializationException($"'{key}' is not a patient identifier key.");
    }
}
