using System.Diagnostics.CodeAnalysis;
using MessagePack;

namespace Peake.Cluster.Patients;

/// <summary>
/// One hospital's name for a person: Issuer of Patient ID (0010,0021) and Patient ID (0010,0020), both LO.
/// Normalised so that every site builds the same value from the same data set: DICOM space padding trimmed, case
/// kept (LO values are case sensitive; PS3.4 C.2.2.2.1 single value matching compares them exactly).
/// </summary>
[MessagePackFormatter(typeof(PatientIdentifierFormatter))]
public sealed record PatientIdentifier
{
    /// <summary>PS3.5 6.2: an LO value is at most 64 characters.</summary>
    public const int MaxLength = 64;

    /// <summary>PS3.5 6.2: LO may not contain a backslash, so it cannot occur in either part of a key.</summary>
    public const char KeySeparator = '\\';

    private PatientIdentifier(string issuer, string patientId)
    {
        Issuer = issuer;
        PatientId = patientId;
    }

    public string Issuer { get; }

    public string PatientId { get; }

    /// <summary>The entity id of this identifier's actor: <c>{issuer}\{patient id}</c>, unambiguous by construction.</summary>
    public string Key => $"{Issuer}{KeySeparator}{PatientId}";

    /// <summary>
    /// Builds an identifier from a data set's values. An empty issuer means "the calling hospital's own issuer":
    /// the ingest path passes that as <paramref name="callerIssuer"/>, so a bare MRN never collides across hospitals.
    /// </summary>
    public static bool TryCreate(string? issuer, string? patientId, string callerIssuer,
        [NotNullWhen(true)] out PatientIdentifier? identifier, [NotNullWhen(false)] out string? error)
    {
        identifier = null;
        var issuerValue = Normalise(issuer);
        if (issuerValue.Length == 0)
            issuerValue = Normalise(callerIssuer);
        var idValue = Normalise(patientId);
        error = Check("Issuer of Patient ID", issuerValue) ?? Check("Patient ID", idValue);
        if (error is not null)
            return false;
        identifier = new PatientIdentifier(issuerValue, idValue);
        return true;
    }

    public static PatientIdentifier Create(string? issuer, string? patientId, string callerIssuer) =>
        TryCreate(issuer, patientId, callerIssuer, out var identifier, out var error)
            ? identifier
            : throw new ArgumentException(error, nameof(patientId));

    /// <summary>An identifier whose issuer is known (operator commands, tests).</summary>
    public static PatientIdentifier Create(string issuer, string patientId) => Create(issuer, patientId, "");

    public static bool TryParseKey(string key, [NotNullWhen(true)] out PatientIdentifier? identifier)
    {
        var separator = key.IndexOf(KeySeparator, StringComparison.Ordinal);
        identifier = null;
        return separator >= 0
            && TryCreate(key[..separator], key[(separator + 1)..], "", out identifier, out _)
            && identifier.Key == key;
    }

    public override string ToString() => Key;

    // PS3.5 6.2: leading and trailing spaces of LO are padding, not significant.
    private static string Normalise(string? value) => (value ?? "").Trim(' ');

    private static string? Check(string what, string value)
    {
        if (value.Length == 0)
            return $"{what} is empty.";
        if (value.Length > MaxLength)
            return $"{what} is longer than {MaxLength} characters (PS3.5 6.2, LO).";
        // PS3.5 6.2: LO excludes backslash and control characters (ESC only as part of a character set escape,
        // which decoding has already consumed).
        if (value.Any(c => c == KeySeparator || char.IsControl(c)))
            return $"{what} contains a backslash or a control character (PS3.5 6.2, LO).";
        return null;
    }
}
