namespace Peake.Management.Contracts;

/// <summary>
/// POST /patients/resolve: the identity feed. <c>site</c> is where the identifier was seen (the new person's home on
/// first sight); <c>name</c> (PN), <c>birthDate</c> (yyyy-MM-dd) and <c>sex</c> (M/F/O) are optional reports.
/// </summary>
public sealed record ResolvePatientRequest(
    string? Issuer,
    string? PatientId,
    string? Site,
    string? Name = null,
    string? BirthDate = null,
    string? Sex = null);
