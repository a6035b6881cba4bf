namespace Peake.Management.Contracts;

/// <summary>POST /patients/link: the identifier names the person <c>masterId</c> from now on.</summary>
public sealed record LinkPatientRequest(string? Issuer, string? PatientId, string? MasterId);
