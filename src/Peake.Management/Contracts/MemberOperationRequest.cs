namespace Peake.Management.Contracts;

/// <summary>PUT /cluster/members/{address}: <c>operation</c> is "Leave" or "Down".</summary>
public sealed record MemberOperationRequest(string? Operation);
