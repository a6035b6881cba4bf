namespace Peake.Management.Contracts;

/// <summary>
/// The study's latest access record (ADR 0033): when (UTC), by which hospital (its AE title), through what ("dimse" or
/// "wado-rs"), and how many access records the study has (at most one per hospital and node per interval, not one per
/// instance read).
/// </summary>
public sealed record StudyAccessDto(DateTime AtUtc, string Hospital, string Via, long Count);
