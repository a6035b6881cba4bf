namespace Peake.Management.Contracts;

/// <summary>
/// <c>checks</c> maps each check's name to "ok" or the reason it fails; <c>reason</c> repeats the first failure
/// (null when ready); <c>details</c> has what some checks measured, ok or not (the read model's lag).
/// </summary>
public sealed record ReadyResponse(bool Ready, IReadOnlyDictionary<string, string> Checks, string? Reason, IReadOnlyDictionary<string, string>? Details = null);
