using MessagePack;
using MessagePack.Formatters;

namespace Peake.Cluster.Patients;

/// <summary>A master id on the wire and in the journal: its 32 hex digits, checked again when read.</summary>
public sealed class MasterPatientIdFormatter : IMessagePackFormatter<MasterPatientId?>
{
    public void Serialize(ref MessagePackWriter writer, MasterPatientId? value, MessagePackSerializerOptions options)
    {
        if (value is null)
            writer.WriteNil();
        else
            writer.Write(value.Value);
    }

    public MasterPatientId? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
            return null;
        var text = reader.ReadString();
        return MasterPatientId.TryParse(text, out var id)
            ? id
            : throw new MessagePackSerializationException($"'{text}' is not a master patient id.");
    }
}
