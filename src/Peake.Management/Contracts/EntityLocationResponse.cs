namespace Peake.Management.Contracts;

/// <summary>GET /entities/{type}/{id}: the shard of a running entity and the node (and its site) hosting it.</summary>
public sealed record EntityLocationResponse(string Type, string Id, string ShardId, string Address, string? Site);
