namespace Peake.DicomWeb.Store;

/// <summary>
/// Where STOW-RS puts each received instance: the node adapts the ingest pipeline (blob write, header walk, quorum,
/// catalog) to it, so a web store is acknowledged exactly when a C-STORE would be.
/// </summary>
public interface IStowTarget
{
    /// <summary>
    /// Opens one STOW-RS request: its parts are stored through the returned <see cref="IStowRequest"/> one at a time,
    /// and it is disposed once the last part is answered (one request is one "association" of the caller's hospital).
    /// </summary>
    IStowRequest Begin(StowContext context);
}
