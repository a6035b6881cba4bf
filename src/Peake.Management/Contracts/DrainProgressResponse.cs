namespace Peake.Management.Contracts;

/// <summary>GET /nodes/{address}/drain: copies still on the node; <see cref="Done"/> once none is left.</summary>
public sealed record DrainProgressResponse(string Address, long Remaining, bool Done);
