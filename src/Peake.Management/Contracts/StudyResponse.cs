namespace Peake.Management.Contracts;

/// <summary>GET /studies/{uid}: the catalog's view of a study with the live copies of each instance.</summary>
public sealed record StudyResponse(
    string StudyInstanceUid,
    string? PatientMasterId,
    string? HomeSite,
    int Instances,
    IReadOnlyList<StudySeriesDto> Series);
