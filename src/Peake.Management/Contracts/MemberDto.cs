namespace Peake.Management.Contracts;

public sealed record MemberDto(string Address, string Status, IReadOnlyList<string> Roles, string? Site, bool Reachable);
