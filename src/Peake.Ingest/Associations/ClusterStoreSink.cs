using Akka.Actor;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Server;
using Peake.Ingest.Headers;
using Peake.Storage;

namespace Peake.Ingest.Associations;

/// <summary>
/// One incoming C-STORE: the File Meta group built for it, then its data set bytes exactly as received, stream into a
/// <see cref="PendingBlob"/> (synchronously: they land in the page cache, hashed on the way) while the first bytes are
/// kept for the header. On the last fragment the header is parsed and checked against the request; a bad one is
/// refused here and the temporary blob deleted. A good one goes to the association's actor, which owns the blob from
/// then on and answers the status. Disposed unfinished (association aborted): the temporary blob is deleted.
/// </summary>
internal sealed class ClusterStoreSink : IStoreSink
{
    /// <summary>Header bytes kept per C-STORE: groups 0008–0020 of real data sets fit many times over.</summary>
    internal const int HeaderCapacity = 256 * 1024;

    private readonly IActorRef _association;
    private readonly PendingBlob _blob;
    private readonly CStoreRequest _request;
    private readonly string _transferSyntaxUid;
    private readonly TimeSpan _answerTimeout;
    private readonly HeaderPrefix _prefix = new(HeaderCapacity);
    private bool _handedOver;

    public ClusterStoreSink(IActorRef association, PendingBlob blob, byte[] fileMeta, CStoreRequest request, string transferSyntaxUid, TimeSpan answerTimeout)
    {
        _association = association;
        _blob = blob;
        _request = request;
        _transferSyntaxUid = transferSyntaxUid;
        _answerTimeout = answerTimeout;
        _blob.Write(fileMeta);
    }

    public string? ErrorComment { get; private set; }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken)
    {
        _blob.Write(fragment.Span);
        _prefix.Append(fragment.Span);
        return ValueTask.CompletedTask;
    }

    public async ValueTask<ushort> CompleteAsync(CancellationToken cancellationToken)
    {
        var (header, error) = _prefix.Parse(_transferSyntaxUid);
        if (header is null)
            return Refuse(IngestStatus.CannotUnderstand, error);
        // The File Meta group names the request's UIDs; the catalog the data set's. They must be one instance.
        if (header.SopInstanceUid != _request.AffectedSopInstanceUid)
        {
            return Refuse(IngestStatus.CannotUnderstand,
                $"the data set's SOP Instance UID {header.SopInstanceUid} is not the C-STORE's {_request.AffectedSopInstanceUid}");
        }
        if (header.SopClassUid != _request.AffectedSopClassUid)
        {
            return Refuse(IngestStatus.DataSetDoesNotMatchSopClass,
                $"the data set's SOP Class UID {header.SopClassUid} is not the C-STORE's {_request.AffectedSopClassUid}");
        }

        _handedOver = true;
        try
        {
            var outcome = await _association.Ask<StoreOutcome>(new StoreInstance(header, _blob, _transferSyntaxUid), _answerTimeout, cancellationToken);
            return Refuse(outcome.Status, outcome.Comment);
        }
        catch (Exception e) when (e is AskTimeoutException or TimeoutException or OperationCanceledException)
        {
            return Refuse(IngestStatus.OutOfResources, "the cluster did not confirm the instance in time");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_handedOver)
            await _blob.DisposeAsync();
    }

    // PS3.7 C.4: the Error Comment is one LO value, at most 64 characters; the log keeps the whole story.
    private ushort Refuse(ushort status, string? comment)
    {
        ErrorComment = comment is { Length: > 64 } ? comment[..64] : comment;
        return status;
    }
}
