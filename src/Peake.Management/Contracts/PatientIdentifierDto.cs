namespace Peake.Management.Contracts;

/// <summary>Issuer of Patient ID (0010,0021) and Patient ID (0010,0020) of one identifier of a person.</summary>
public sealed record PatientIdentifierDto(string Issuer, string PatientId);
