namespace Peake.Management.Contracts;

/// <summary>
/// GET /replicas/check: the coordinator's report. The first five fields are the contract of `peake replicas check
/// --json`; the rest help an operator judge them (a catalog not caught up makes every count provisional).
/// </summary>
public sealed record ReplicaCheckResponse(
    long Instances,
    long UnderReplicated,
    long OverReplicated,
    long Corrupt,
    long RepairsInFlight,
    long Orphans,
    bool CatalogCaughtUp,
    DateTime LastSweepUtc,
    long RepairsCompleted,
    long CopiesTrimmed);
