namespace Peake.DicomWeb.Store;

/// <summary>
/// What happened to one STOW-RS part, in PS3.18 Annex I.2.2 terms: stored (optionally with a Warning Reason such as
/// B000 coercion) or failed with a Failure Reason (A7xx out of resources, A9xx does not match its SOP class, Cxxx cannot
/// understand, 0110 processing failure, 0111 duplicate with other content, 0122 SOP class not supported).
/// UIDs are whatever could be read from the part; they may be null for an unreadable one.
/// </summary>
public sealed record StowOutcome(
    bool Stored,
    string? StudyInstanceUid,
    string? SeriesInstanceUid,
    string? SopClassUid,
    string? SopInstanceUid,
    ushort? FailureReason = null,
    ushort? WarningReason = null,
    string? Detail = null)
{
    public static StowOutcome Success(string studyUid, string seriesUid, string sopClassUid, string sopInstanceUid, ushort? warningReason = null) =>
        new(true, studyUid, seriesUid, sopClassUid, sopInstanceUid, null, warningReason);

    public static StowOutcome Failure(ushort reason, string detail, string? studyUid = null, string? sopClassUid = null, string? sopInstanceUid = null) =>
        new(false, studyUid, null, sopClassUid, sopInstanceUid, reason, null, detail);
}
