using Akka.Actor;
using Peake.Dicom.Network.Dimse;
using Peake.Ingest.Associations;

namespace Peake.Ingest.Web;

/// <summary>
/// One STOW-RS request of a hospital, handled as one association would be: its parts share one
/// <see cref="AssociationActor"/> (started with the first part, stopped when the request is disposed), so the patient of
/// a 500-instance study is resolved once, not 500 times. Each part is the C-STORE its File Meta group describes: the
/// data set streams through the gateway's own <see cref="ClusterStoreSink"/> behind the archive's File Meta group (a study
/// sent both ways is one blob), which checks the header, reaches the write quorum and persists the catalog event before
/// the part is reported stored. Parts are stored one at a time, as the request's body brings them.
/// </summary>
public sealed class WebStoreRequest : IAsyncDisposable
{
    private const int ChunkSize = 64 * 1024;

    // Process-wide: a gateway re-created in the same ActorSystem must not reuse a name still held by a stopping actor.
    private static long _sequence;

    private readonly ActorSystem _system;
    private readonly IngestContext _context;
    private readonly RegisteredHospital? _hospital;
    private readonly string _aeTitle;
    private IActorRef? _association;
    private bool _disposed;

    internal WebStoreRequest(ActorSystem system, IngestContext context, RegisteredHospital? hospital, string aeTitle)
    {
        _system = system;
        _context = context;
        _hospital = hospital;
        _aeTitle = aeTitle;
    }

    /// <summary>The request's association actor, once its first part reached the sink (visible for tests).</summary>
    internal IActorRef? Association => _association;

    /// <summary>
    /// Stores one Part 10 file; with <paramref name="requiredStudyUid"/> (a POST to /studies/{uid}) an instance of
    /// another study is refused before anything is stored. A failing read of <paramref name="part10"/> (the client
    /// gone, the body over its limit) is not this node's failure: it propagates, and the web layer answers for the
    /// request as a whole.
    /// </summary>
    public async Task<WebStoreOutcome> StoreAsync(Stream part10, string? requiredStudyUid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(part10);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_hospital is null)
            return new(IngestStatus.CannotUnderstand, null, null, null, $"{_aeTitle} is not a hospital of cluster-config");
        Part10Meta meta;
        try
        {
            meta = await Part10Meta.ReadAsync(part10, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            return new(IngestStatus.CannotUnderstand, null, null, null, e.Message);
        }
        // What the gateway's acceptor would negotiate for a C-STORE, no more: an instance no C-GET or C-MOVE could
        // deliver is refused here as it would be there.
        if (!StorageSopClasses.All.Contains(meta.SopClassUid))
            return new(IngestStatus.SopClassNotSupported, meta.SopClassUid, meta.SopInstanceUid, null, $"{meta.SopClassUid} is not a storage SOP class this archive accepts");
        if (!StorageSopClasses.AllTransferSyntaxes.Contains(meta.TransferSyntaxUid))
            return new(IngestStatus.CannotUnderstand, meta.SopClassUid, meta.SopInstanceUid, null, $"transfer syntax {meta.TransferSyntaxUid} is not one this archive accepts");

        _association ??= _system.ActorOf(AssociationActor.PropsFor(_context, _hospital), $"ingest-web-{Interlocked.Increment(ref _sequence)}");
        var store = new CStoreRequest(1, meta.SopClassUid, meta.SopInstanceUid);
        var sink = ClusterStoreSink.Open(_association, _context, store, meta.TransferSyntaxUid, requiredStudyUid);
        await using (sink.ConfigureAwait(false))
        {
            await sink.WriteAsync(meta.DataSetStart, cancellationToken).ConfigureAwait(false);
            var buffer = new byte[ChunkSize];
            int read;
            while ((read = await part10.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await sink.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
            var status = await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
            return new(status, meta.SopClassUid, meta.SopInstanceUid, sink.Header?.StudyInstanceUid, sink.Reason)
            {
                SeriesInstanceUid = sink.Header?.SeriesInstanceUid,
            };
        }
    }

    /// <summary>Ends the request's "association": its actor stops (every part was answered before this is called).</summary>
    public ValueTask DisposeAsync()
    {
        _disposed = true;
        _association?.Tell(PoisonPill.Instance);
        return ValueTask.CompletedTask;
    }
}
