namespace Peake.Management.Contracts;

public sealed record AliveResponse(bool Alive);
