namespace Peake.Management.Contracts;

/// <summary>The body of every 4xx/5xx answer: what was wrong, in words an operator can act on.</summary>
public sealed record ErrorResponse(string Error);
