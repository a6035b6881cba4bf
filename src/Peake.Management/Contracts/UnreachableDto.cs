namespace Peake.Management.Contracts;

/// <summary>An unreachable member and the members whose failure detector flagged it.</summary>
public sealed record UnreachableDto(string Address, IReadOnlyList<string> ObservedBy);
