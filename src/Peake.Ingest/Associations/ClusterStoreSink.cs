using Akka.Actor;
using Peake.Dicom;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Server;
using Peake.Ingest.Headers;
using Peake.Storage;

namespace Peake.Ingest.Associations;

/// <summary>
/// One incoming C-STORE (or a STOW-RS part, as the C-STORE its File Meta group describes): the File Meta group built
/// for it, then its data set bytes exactly as received, stream into a <see cref="PendingBlob"/> (synchronously: they
/// land in the page cache, hashed on the way) while the header elements are picked out as they pass
/// (<see cref="HeaderPrefix"/>). On the last fragment the header is parsed and checked against the request; a bad one is
/// refused here and the temporary blob deleted. A good one goes to the association's actor, which owns the blob from
/// the moment it claims it and answers the status. Disposed unfinished (association aborted), or when the actor never
/// claimed the blob: the temporary blob is deleted.
/// <para>
/// A disk falling below the reserve while the data set arrives, or a data set larger than
/// <see cref="IngestGatewayOptions.MaxInstanceBytes"/>, stops the write at once (the temporary file is deleted), the
/// rest of the data set is read and dropped, and the store is answered A700H.
/// </para>
/// <para>
/// A STOW-RS to /studies/{uid} passes the study it requires: an instance of another study is refused (C000H) once its
/// header is read, before anything is committed.
/// </para>
/// </summary>
internal sealed class ClusterStoreSink : IIngestSink
{
    private readonly IActorRef _association;
    private readonly PendingBlob _blob;
    private readonly CStoreRequest _request;
    private readonly string _transferSyntaxUid;
    private readonly IngestGatewayOptions _options;
    private readonly TimeSpan _clusterTimeout;
    private readonly HeaderPrefix _prefix;
    private readonly string? _requiredStudyUid;
    private readonly BlobHandOver _handOver = new();
    private string? _writeFailure;
    private bool _blobDisposed;

    public ClusterStoreSink(
        IActorRef association, PendingBlob blob, byte[] fileMeta, CStoreRequest request, string transferSyntaxUid,
        IngestGatewayOptions options, TimeSpan clusterTimeout, string? requiredStudyUid = null)
    {
        _association = association;
        _blob = blob;
        _request = request;
        _transferSyntaxUid = transferSyntaxUid;
        _options = options;
        _clusterTimeout = clusterTimeout;
        _requiredStudyUid = requiredStudyUid;
        _prefix = new HeaderPrefix(transferSyntaxUid);
        _blob.Write(fileMeta);
    }

    public string? ErrorComment { get; private set; }

    public string? Reason { get; private set; }

    public InstanceHeader? Header { get; private set; }

    /// <summary>
    /// A sink for one store into a new temporary blob of the node's store, or a refusal when the request's UIDs are not
    /// UIDs (they name the File Meta group) or the disk is below its reserve: the one way in for C-STORE and STOW-RS.
    /// </summary>
    public static IIngestSink Open(IActorRef association, IngestContext ingest, CStoreRequest request, string transferSyntaxUid, string? requiredStudyUid = null)
    {
        // PS3.5 9.1: the UIDs name the File Meta group; they must be UIDs before anything is written.
        if (!DicomUid.IsValid(request.AffectedSopInstanceUid) || !DicomUid.IsValid(request.AffectedSopClassUid))
            return new RefusedStoreSink(IngestStatus.CannotUnderstand, "Affected SOP Class/Instance UID is not a valid UID");
        PendingBlob blob;
        try
        {
            blob = ingest.Store.BeginWrite();
        }
        catch (IOException e)
        {
            return new RefusedStoreSink(IngestStatus.OutOfResources, $"local storage: {e.Message}");
        }
        try
        {
            // The calling AE is not in the blob (it would make the same instance from two AEs two blobs): see ArchiveFileMeta.
            var meta = ArchiveFileMeta.Build(request.AffectedSopClassUid, request.AffectedSopInstanceUid, transferSyntaxUid);
            return new ClusterStoreSink(association, blob, meta, request, transferSyntaxUid, ingest.Options, ingest.ClusterTimeout, requiredStudyUid);
        }
        catch (Exception e)
        {
            blob.DisposeAsync().AsTask().GetAwaiter().GetResult();
            // Writing the File Meta group may already find the disk below its reserve: this node's disk, not the data.
            if (e is IOException)
                return new RefusedStoreSink(IngestStatus.OutOfResources, $"local storage: {e.Message}");
            throw;
        }
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken)
    {
        if (_writeFailure is not null)
            return;
        if (_options.MaxInstanceBytes is { } max && _blob.Length + fragment.Length > max)
        {
            await StopWritingAsync($"instance larger than this gateway's limit of {max} bytes");
            return;
        }
        try
        {
            _blob.Write(fragment.Span);
        }
        catch (IOException e)
        {
            // InsufficientStorageException included: this node's disk, not the sender's data; the modality retries.
            await StopWritingAsync($"local storage: {e.Message}");
            return;
        }
        _prefix.Append(fragment.Span);
    }

    public async ValueTask<ushort> CompleteAsync(CancellationToken cancellationToken)
    {
        if (_writeFailure is not null)
            return Refuse(IngestStatus.OutOfResources, _writeFailure);
        var (header, error) = _prefix.Parse();
        Header = header;
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
        if (_requiredStudyUid is not null && header.StudyInstanceUid != _requiredStudyUid)
        {
            return Refuse(IngestStatus.CannotUnderstand,
                $"the instance belongs to study {header.StudyInstanceUid}, not {_requiredStudyUid}");
        }

        // The quorum deadline grows with the instance; the patient index and the catalog have their own bounds.
        var answerTimeout = _options.QuorumDeadline(_blob.Length) + _clusterTimeout + _clusterTimeout;
        try
        {
            var outcome = await _association.Ask<StoreOutcome>(
                new StoreInstance(header, _blob, _transferSyntaxUid, _handOver), answerTimeout, cancellationToken);
            return Refuse(outcome.Status, outcome.Comment);
        }
        catch (Exception e) when (e is AskTimeoutException or TimeoutException or OperationCanceledException)
        {
            // The actor may never process the message (stopping, dead letters): then the blob is still ours to delete.
            await ReclaimAsync();
            return Refuse(IngestStatus.OutOfResources, "the cluster did not confirm the instance in time");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _prefix.Dispose();
        await ReclaimAsync();
    }

    // Deletes the temporary blob unless the association's actor claimed it (it then commits or disposes it itself).
    private async ValueTask ReclaimAsync()
    {
        if (!_blobDisposed && _handOver.TryClaim())
        {
            _blobDisposed = true;
            await _blob.DisposeAsync();
        }
    }

    private async ValueTask StopWritingAsync(string why)
    {
        _writeFailure = why;
        await ReclaimAsync();
    }

    // PS3.7 C.4: the Error Comment is one LO value, at most 64 characters; the log keeps the whole story.
    private ushort Refuse(ushort status, string? comment)
    {
        Reason = comment;
        ErrorComment = comment is { Length: > 64 } ? comment[..64] : comment;
        return status;
    }
}

/// <summary>
/// Who owns a received blob: the first of the sink (giving up) and the association's actor (starting to store it) to
/// claim it. Exactly one of them disposes or commits it, so a store the actor never processes leaks nothing.
/// </summary>
internal sealed class BlobHandOver
{
    private int _claimed;

    public bool TryClaim() => Interlocked.CompareExchange(ref _claimed, 1, 0) == 0;
}
