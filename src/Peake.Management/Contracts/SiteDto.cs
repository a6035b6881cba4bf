namespace Peake.Management.Contracts;

/// <summary>GET /sites, one per site in sites.conf order: its live nodes and its hospitals' calling AE titles.</summary>
public sealed record SiteDto(string Site, IReadOnlyList<SiteNodeDto> Nodes, IReadOnlyList<string> Hospitals);
