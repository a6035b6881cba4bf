using MessagePack;
using MessagePack.Formatters;

namespace Peake.Cluster.Patients;

/// <summary>
/// A value type of ours written as one string and read back through its own validation, so a stored or received value
/// can never bypass the rules every other way in enforces.
/// </summary>
public abstract class CheckedStringFormatter<T> : IMessagePackFormatter<T?>
    where T : class
{
    public void Serialize(ref MessagePackWriter writer, T? value, MessagePackSerializerOptions options)
    {
        if (value is null)
            writer.WriteNil();
        else
            writer.Write(ToText(value));
    }

    public T? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
            return null;
        var text = reader.ReadString() ?? "";
        return TryParse(text, out var value)
            ? value
            : throw new MessagePackSerializationException($"'{text}' is not a valid {typeof(T).Name}.");
    }

    protected abstract string ToText(T value);

    protected abstract bool TryParse(string text, out T? value);
}
