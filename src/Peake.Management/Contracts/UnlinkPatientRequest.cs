namespace Peake.Management.Contracts;

/// <summary>POST /patients/unlink: the identifier gets a person of its own.</summary>
public sealed record UnlinkPatientRequest(string? Issuer, string? PatientId);
