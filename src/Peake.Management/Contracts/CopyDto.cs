namespace Peake.Management.Contracts;

/// <summary>A live copy: the node (Akka address) holding it and that node's site.</summary>
public sealed record CopyDto(string Node, string Site);
