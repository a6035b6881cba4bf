namespace Peake.Ingest.Web;

/// <summary>
/// How one instance posted over the web ended: the status a C-STORE of it would have been answered (0000 stored;
/// A700, A900, C000, C001, 0111 as in <see cref="IngestStatus"/>), its UIDs when they could be read, and why not stored.
/// </summary>
public sealed record WebStoreOutcome(ushort Status, string? SopClassUid, string? SopInstanceUid, string? StudyInstanceUid, string? Reason)
{
    public bool Stored => Status == IngestStatus.Success;

    public string? SeriesInstanceUid { get; init; }
}

