namespace Peake.Management.Contracts;

public sealed record ShardsResponse(string Type, IReadOnlyList<RegionDto> Regions);
