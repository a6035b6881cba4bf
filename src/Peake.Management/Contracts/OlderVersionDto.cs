namespace Peake.Management.Contracts;

public sealed record OlderVersionDto(string Hash, IReadOnlyList<CopyDto> Copies);
