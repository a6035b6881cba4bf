namespace Peake.DicomWeb.Retrieve;

/// <summary>
/// Records that a hospital retrieved (part of) a study (BRIEF6 6). Called on every WADO-RS retrieval, on the request's
/// path: an implementation must return at once (coalesce and persist in the background) and never throw.
/// </summary>
public interface IRetrievalRecorder
{
    /// <param name="via">What retrieved it, e.g. <c>wado-rs/instances</c>, <c>wado-rs/metadata</c>, <c>wado-rs/frames</c>.</param>
    void Record(string studyInstanceUid, string hospitalAeTitle, string via);
}
