namespace Peake.DicomWeb.Store;

/// <param name="HospitalAeTitle">The caller's hospital: issuer defaulting and home site, as the calling AE of a C-STORE.</param>
/// <param name="RequiredStudyInstanceUid">The study of <c>POST /studies/{study}</c>, null for <c>POST /studies</c>.</param>
public sealed record StowContext(string HospitalAeTitle, string? RequiredStudyInstanceUid);
