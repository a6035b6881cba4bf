namespace Peake.Management.Contracts;

public sealed record MessageResponse(string Message);
