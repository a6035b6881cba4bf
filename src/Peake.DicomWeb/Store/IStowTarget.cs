namespace Peake.DicomWeb.Store;

/// <summary>
/// Where STOW-RS puts each received instance: the node adapts the ingest pipeline (blob write, header walk, quorum,
/// catalog) to it, so a web store is acknowledged exactly when a C-STORE would be.
/// </summary>
public interface IStowTarget
{
    /// <summary>
    /// Stores one Part 10 stream (preamble, File Meta, data set), read to its end or until it fails. Refuses, without
    /// storing, an instance whose Study Instance UID differs from <see cref="StowContext.RequiredStudyInstanceUid"/>
    /// (Failure Reason C000). Problems with the instance are outcomes, not exceptions.
    /// </summary>
    Task<StowOutcome> StoreAsync(Stream part10, StowContext context, CancellationToken cancellationToken);
}
