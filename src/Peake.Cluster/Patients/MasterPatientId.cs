using System.Diagnostics.CodeAnalysis;
using MessagePack;

namespace Peake.Cluster.Patients;

/// <summary>
/// The id of one person in the master person index: 32 lower-case hex digits (a GUID, "N" format).
/// It is generated once, by the actor of the identifier seen first, and persisted there (see
/// <see cref="IdentifierState"/> and docs/decisions/0016): not derived from an (issuer, MRN) key, because an unlinked
/// identifier needs a fresh person whose id must not collide with the one its key would have given the first time.
/// </summary>
[MessagePackFormatter(typeof(MasterPatientIdFormatter))]
public sealed record MasterPatientId
{
    private MasterPatientId(string value) => Value = value;

    public string Value { get; }

    public static MasterPatientId From(Guid guid) => new(guid.ToString("N"));

    public static MasterPatientId NewId() => From(Guid.NewGuid());

    public static bool TryParse(string? text, [NotNullWhen(true)] out MasterPatientId? id)
    {
        // Only the canonical spelling: two spellings of one id would be two entities.
        id = text is { Length: 32 } && text.All(char.IsAsciiHexDigitLower) ? new MasterPatientId(text) : null;
        return id is not null;
    }

    public static MasterPatientId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a master patient id (32 lower-case hex digits).");

    public override string ToString() => Value;
}
