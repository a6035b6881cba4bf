namespace Peake.Management.Contracts;

/// <summary>GET /cluster/members: this node's view of the membership (addresses are Akka address strings).</summary>
public sealed record MembersResponse(
    string SelfNode,
    string? Leader,
    string? Oldest,
    IReadOnlyList<MemberDto> Members,
    IReadOnlyList<UnreachableDto> Unreachable);
