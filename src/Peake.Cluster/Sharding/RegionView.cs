namespace Peake.Cluster.Sharding;

/// <summary>A shard region (generic so the placement rules are tested without actor refs), its member and its shards.</summary>
public sealed record RegionView<TRegion>(TRegion Region, MemberView Member, IReadOnlyCollection<string> Shards);
