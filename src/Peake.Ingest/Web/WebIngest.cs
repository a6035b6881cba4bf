using Akka.Actor;
using Peake.Dicom;
using Peake.Dicom.Network.Dimse;
using Peake.Ingest.Associations;
using Peake.Ingest.Headers;
using Peake.Storage;

namespace Peake.Ingest.Web;

/// <summary>
/// Instances posted over the web (STOW-RS) go the C-STORE way (ADR 0025, rule 3): the data set streams into a
/// temporary blob behind the same instance-only File Meta group a C-STORE gets (so a study sent both ways is stored
/// once), its header is walked as it passes, and an <see cref="AssociationActor"/> for the posting hospital commits it,
/// resolves the patient, reaches the write quorum and persists the catalog event before the outcome says stored.
/// </summary>
public sealed class WebIngest
{
    private const int ChunkSize = 64 * 1024;

    private readonly ActorSystem _system;
    private readonly IngestContext _context;
    private readonly HospitalRegistry _hospitals;
    private static long _sequence;

    internal WebIngest(ActorSystem system, IngestContext context, HospitalRegistry hospitals)
    {
        _system = system;
        _context = context;
        _hospitals = hospitals;
    }

    /// <summary>
    /// Stores one Part 10 file for <paramref name="hospitalAeTitle"/>; with <paramref name="requiredStudyUid"/> (a POST
    /// to /studies/{uid}) an instance of another study is refused before anything is stored.
    /// </summary>
    public async Task<WebStoreOutcome> StoreAsync(Stream part10, string hospitalAeTitle, string? requiredStudyUid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(part10);
        if (_hospitals.Find(hospitalAeTitle) is not { } hospital)
            return new(IngestStatus.CannotUnderstand, null, null, null, $"{hospitalAeTitle} is not a hospital of cluster-config");
        Part10Meta meta;
        try
        {
            meta = await Part10Meta.ReadAsync(part10, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            return new(IngestStatus.CannotUnderstand, null, null, null, e.Message);
        }
        // What the gateway's acceptor would negotiate for a C-STORE, no more: an instance no C-GET or C-MOVE could deliver
        // is refused here as it would be there.
        if (!DicomUid.IsValid(meta.SopInstanceUid))
            return new(IngestStatus.CannotUnderstand, null, null, null, "the File Meta group's SOP Instance UID is not a valid UID");
        if (!StorageSopClasses.All.Contains(meta.SopClassUid))
            return new(IngestStatus.SopClassNotSupported, meta.SopClassUid, meta.SopInstanceUid, null, $"{meta.SopClassUid} is not a storage SOP class this archive accepts");
        if (!StorageSopClasses.AllTransferSyntaxes.Contains(meta.TransferSyntaxUid))
            return new(IngestStatus.CannotUnderstand, meta.SopClassUid, meta.SopInstanceUid, null, $"transfer syntax {meta.TransferSyntaxUid} is not one this archive accepts");

        var (blob, prefix, failure) = await ReceiveAsync(part10, meta, cancellationToken);
        using (prefix)
        {
            if (failure is not null)
                return Refused(IngestStatus.OutOfResources, meta, null, failure);
            var (header, error) = prefix.Parse();
            var handOver = new BlobHandOver();
            try
            {
                if (header is null)
                    return Refused(IngestStatus.CannotUnderstand, meta, null, error);
                if (header.SopInstanceUid != meta.SopInstanceUid)
                    return Refused(IngestStatus.CannotUnderstand, meta, header.StudyInstanceUid, "the data set's SOP Instance UID is not the File Meta group's");
                if (header.SopClassUid != meta.SopClassUid)
                    return Refused(IngestStatus.DataSetDoesNotMatchSopClass, meta, header.StudyInstanceUid, "the data set's SOP Class UID is not the File Meta group's");
                if (requiredStudyUid is not null && header.StudyInstanceUid != requiredStudyUid)
                    return Refused(IngestStatus.CannotUnderstand, meta, header.StudyInstanceUid, $"the instance belongs to study {header.StudyInstanceUid}, not {requiredStudyUid}");
                var actor = _system.ActorOf(AssociationActor.PropsFor(_context, hospital), $"ingest-web-{Interlocked.Increment(ref _sequence)}");
                try
                {
                    var timeout = _context.Options.QuorumDeadline(blob!.Length) + _context.ClusterTimeout + _context.ClusterTimeout;
                    var outcome = await actor.Ask<StoreOutcome>(new StoreInstance(header, blob, meta.TransferSyntaxUid, handOver), timeout, cancellationToken);
                    return new(outcome.Status, meta.SopClassUid, meta.SopInstanceUid, header.StudyInstanceUid, outcome.Comment)
                    {
                        SeriesInstanceUid = header.SeriesInstanceUid,
                    };
                }
                catch (Exception e) when (e is AskTimeoutException or TimeoutException or OperationCanceledException)
                {
                    return Refused(IngestStatus.OutOfResources, meta, header.StudyInstanceUid, "the cluster did not confirm the instance in time");
                }
                finally
                {
                    actor.Tell(PoisonPill.Instance);
                }
            }
            finally
            {
                // Unless the actor claimed it (it then commits or deletes it), the temporary blob is deleted here.
                if (blob is not null && handOver.TryClaim())
                    await blob.DisposeAsync();
            }
        }
    }

    // The data set's bytes to a temporary blob behind the archive's own File Meta group, the header walked on the way.
    private async Task<(PendingBlob? Blob, HeaderPrefix Prefix, string? Failure)> ReceiveAsync(Stream part10, Part10Meta meta, CancellationToken cancellationToken)
    {
        var prefix = new HeaderPrefix(meta.TransferSyntaxUid);
        PendingBlob blob;
        try
        {
            blob = _context.Store.BeginWrite();
        }
        catch (IOException e)
        {
            return (null, prefix, $"local storage: {e.Message}");
        }
        var buffer = new byte[ChunkSize];
        try
        {
            if (!TryAppend(blob, prefix, ArchiveFileMeta.Build(meta.SopClassUid, meta.SopInstanceUid, meta.TransferSyntaxUid), out var failure)
                || !TryAppend(blob, prefix, meta.DataSetStart, out failure, dataSet: true))
            {
                await blob.DisposeAsync();
                return (null, prefix, failure);
            }
            int read;
            // A failing read of the request body (the client gone, the body over its limit) is not this node's
            // storage failing: it propagates to the web layer, which answers for the request as a whole.
            while ((read = await part10.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (_context.Options.MaxInstanceBytes is { } max && blob.Length + read > max)
                {
                    await blob.DisposeAsync();
                    return (null, prefix, $"instance larger than this gateway's limit of {max} bytes");
                }
                if (!TryAppend(blob, prefix, buffer.AsSpan(0, read), out failure, dataSet: true))
                {
                    await blob.DisposeAsync();
                    return (null, prefix, failure);
                }
            }
            return (blob, prefix, null);
        }
        catch
        {
            await blob.DisposeAsync();
            throw;
        }
    }

    // The File Meta group goes to the blob only; the data set's bytes to the header walk as well.
    private static bool TryAppend(PendingBlob blob, HeaderPrefix prefix, ReadOnlySpan<byte> bytes, out string? failure, bool dataSet = false)
    {
        try
        {
            blob.Write(bytes);
        }
        catch (IOException e)
        {
            // InsufficientStorageException included: this node's disk, not the sender's data.
            failure = $"local storage: {e.Message}";
            return false;
        }
        if (dataSet)
            prefix.Append(bytes);
        failure = null;
        return true;
    }

    private static WebStoreOutcome Refused(ushort status, Part10Meta meta, string? study, string? reason) =>
        new(status, meta.SopClassUid, meta.SopInstanceUid, study, reason);
}
