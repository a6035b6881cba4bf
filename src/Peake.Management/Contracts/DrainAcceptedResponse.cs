namespace Peake.Management.Contracts;

/// <summary>POST /nodes/{address}/drain, 202: the coordinator accepted the drain of <see cref="Copies"/> copies.</summary>
public sealed record DrainAcceptedResponse(string Address, long Copies);
