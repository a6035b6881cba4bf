using Peake.DicomWeb.Retrieve;

namespace Peake.Node.DicomWeb;

/// <summary>
/// WADO-RS retrievals written to the node's log (study, hospital, route). The per-study record (last access, accessing
/// hospital) for tiering and billing is issue 6's remaining part; until then the log is the record.
/// </summary>
internal sealed class LoggedRetrievals(ILogger<LoggedRetrievals> log) : IRetrievalRecorder
{
    public void Record(string studyInstanceUid, string hospitalAeTitle, string via) =>
        log.LogInformation("Study {Study} retrieved by {Hospital} ({Via})", studyInstanceUid, hospitalAeTitle, via);
}
