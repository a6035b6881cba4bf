namespace Peake.Management.Contracts;

/// <summary>POST /patients/merge: <c>merged</c> becomes a tombstone forwarding to <c>survivor</c>.</summary>
public sealed record MergePatientsRequest(string? Survivor, string? Merged);
