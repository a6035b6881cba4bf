namespace Peake.Management.Contracts;

public sealed record StudySeriesDto(string SeriesInstanceUid, IReadOnlyList<StudyInstanceDto> Instances);
