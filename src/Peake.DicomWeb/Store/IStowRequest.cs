namespace Peake.DicomWeb.Store;

/// <summary>The parts of one STOW-RS request (see <see cref="IStowTarget.Begin"/>).</summary>
public interface IStowRequest : IAsyncDisposable
{
    /// <summary>
    /// Stores one Part 10 stream (preamble, File Meta, data set), read to its end or until it fails. Refuses, without
    /// storing, an instance whose Study Instance UID differs from <see cref="StowContext.RequiredStudyInstanceUid"/>
    /// (Failure Reason C000). Problems with the instance are outcomes, not exceptions.
    /// </summary>
    Task<StowOutcome> StoreAsync(Stream part10, CancellationToken cancellationToken);
}
