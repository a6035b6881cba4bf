namespace Peake.Management.Contracts;

/// <summary>
/// GET /studies/{uid}: the catalog's view of a study with the live copies of each instance, and its last access (null
/// when never retrieved; added after the first release, so clients must not require it).
/// </summary>
public sealed record StudyResponse(
    string StudyInstanceUid,
    string? PatientMasterId,
    string? HomeSite,
    int Instances,
    IReadOnlyList<StudySeriesDto> Series,
    StudyAccessDto? LastAccess = null);
