namespace Peake.Management.Contracts;

/// <summary>An instance's newest version; <see cref="OlderVersions"/> are kept under the keep-both duplicate policy.</summary>
public sealed record StudyInstanceDto(
    string SopInstanceUid,
    string SopClassUid,
    string TransferSyntaxUid,
    string Hash,
    long Size,
    IReadOnlyList<CopyDto> Copies,
    IReadOnlyList<OlderVersionDto> OlderVersions);
