namespace Peake.Management.Contracts;

public sealed record ShardDto(string ShardId, int Entities);
