namespace Peake.Management.Contracts;

/// <summary>One node's shard region of a type; <c>site</c> is null when the node has left the membership.</summary>
public sealed record RegionDto(string Address, string? Site, IReadOnlyList<ShardDto> Shards);
