using Akka.Actor;
using Akka.Event;
using Peake.Cluster.Patients;
using Peake.Cluster.Studies;
using Peake.Ingest.Commitment;
using Peake.Ingest.Headers;
using Peake.Replication;
using Peake.Replication.Quorum;
using Peake.Storage;

namespace Peake.Ingest.Associations;

/// <summary>
/// The cluster half of one DICOM association's C-STOREs (the bytes were already streamed to a local temporary blob by
/// the association's sink). For each instance, in order: commit the blob locally and, meanwhile, resolve the patient
/// through the master person index; bring the blob to the write quorum; record it in its study's catalog (persisted,
/// tagged "instance"); only then answer success (ARCHITECTURE data path 3). Any failure before the catalog write
/// answers a failure status and records nothing. Stores are handled one at a time, as the association sends them;
/// patients resolved once are remembered for the association's life (a modality sends a study per association).
/// Stopped when the association ends, which cancels work still in flight.
/// </summary>
internal sealed class AssociationActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly IngestContext _context;
    private readonly RegisteredHospital _hospital;
    private readonly CancellationTokenSource _ended = new();
    private readonly Dictionary<PatientIdentifier, ResolvedPatient> _patients = [];

    public AssociationActor(IngestContext context, RegisteredHospital hospital)
    {
        _context = context;
        _hospital = hospital;
        ReceiveAsync<StoreInstance>(async store =>
        {
            var replyTo = Sender;
            if (!store.HandOver.TryClaim())
            {
                // The sink stopped waiting and deleted the blob: nobody is listening for this answer.
                replyTo.Tell(new StoreOutcome(IngestStatus.OutOfResources, "the store was given up before it was processed"));
                return;
            }
            StoreOutcome outcome;
            await using (store.Blob)
            {
                try
                {
                    outcome = await StoreAsync(store, _ended.Token);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // Never crash the association's actor on one instance: the sender gets a failure it can retry.
                    _log.Error(e, "Storing {0} from {1} failed unexpectedly", store.Header.SopInstanceUid, _hospital.Hospital.AeTitle);
                    outcome = new StoreOutcome(IngestStatus.OutOfResources, $"internal error: {e.GetType().Name}");
                }
            }
            // Any answer but success leaves the modality holding this version: storage commitment must not commit the
            // SOP on the strength of an earlier one.
            if (outcome.Status != IngestStatus.Success)
                _context.Recent.Remember(store.Header.SopInstanceUid, StoredInstanceRef.RefusedStore(store.Header.StudyInstanceUid));
            replyTo.Tell(outcome);
        });
    }

    public static Props PropsFor(IngestContext context, RegisteredHospital hospital) =>
        Props.Create(() => new AssociationActor(context, hospital));

    protected override void PostStop()
    {
        _ended.Cancel();
        _ended.Dispose();
        base.PostStop();
    }

    private async Task<StoreOutcome> StoreAsync(StoreInstance store, CancellationToken cancellationToken)
    {
        var header = store.Header;
        if (!PatientIdentifier.TryCreate(header.IssuerOfPatientId, header.PatientId, _hospital.DefaultIssuer, out var identifier, out var invalid))
            return new StoreOutcome(IngestStatus.CannotUnderstand, invalid);

        // The local fsync and the patient look-up are independent: overlap them.
        var patientTask = ResolveAsync(identifier, header.Demographics, cancellationToken);
        BlobInfo blob;
        try
        {
            blob = await store.Blob.CommitAsync(cancellationToken: cancellationToken);
        }
        catch (IOException e)
        {
            // InsufficientStorageException included: this node's disk, not the sender's data.
            await Observe(patientTask);
            _log.Warning("Local write of {0} failed: {1}", header.SopInstanceUid, e.Message);
            return new StoreOutcome(IngestStatus.OutOfResources, $"local storage failed: {e.Message}");
        }

        ResolvedPatient patient;
        try
        {
            patient = await patientTask;
        }
        catch (PatientIndexException e) when (e.Error is PatientIndexError.Refused or PatientIndexError.UnknownIdentifier)
        {
            return new StoreOutcome(IngestStatus.CannotUnderstand, $"patient {identifier} refused by the patient index: {e.Message}");
        }
        catch (Exception e) when (e is PatientIndexException or TimeoutException or AskTimeoutException or OperationCanceledException)
        {
            return new StoreOutcome(IngestStatus.OutOfResources, $"patient index unavailable: {e.Message}");
        }

        QuorumResult quorum;
        try
        {
            quorum = await _context.QuorumWriter.ReplicateAsync(
                blob, patient.HomeSite, _context.Options.WriteQuorum, _context.Options.QuorumDeadline(blob.Size), cancellationToken);
        }
        catch (QuorumNotReachedException e)
        {
            // The copies made are orphans until a retry records them (the coordinator never counts uncatalogued blobs).
            _log.Warning("Write quorum not reached for {0} ({1}): {2}", header.SopInstanceUid, blob.Hash, e.Message);
            return new StoreOutcome(IngestStatus.OutOfResources, $"write quorum of {e.Quorum} not reached: {e.Reason}");
        }

        var record = new RecordInstance(
            patient.HomeSite, header.StudyInstanceUid, patient.MasterId.Value, header.SeriesInstanceUid, header.SopInstanceUid,
            header.SopClassUid, store.TransferSyntaxUid, blob.Hash, blob.Size, _context.Options.DuplicatePolicy,
            [.. quorum.Holders.Select(h => h.Address)], header.QueryAttributes);
        StudyAck ack;
        try
        {
            ack = await _context.StudyRegion.Ask<StudyAck>(record, _context.ClusterTimeout, cancellationToken);
        }
        catch (Exception e) when (e is AskTimeoutException or TimeoutException or OperationCanceledException)
        {
            // Unknown whether the event was written: a retry is idempotent (same bytes, same hash).
            return new StoreOutcome(IngestStatus.OutOfResources, $"study catalog did not answer: {e.Message}");
        }
        if (ack.Accepted)
        {
            // The File Meta group no longer names the sender (ArchiveFileMeta): the log does.
            _log.Debug("Stored {0} ({1}, {2} bytes) from {3}", header.SopInstanceUid, blob.Hash, blob.Size, _hospital.Hospital.AeTitle);
            _context.Recent.Remember(header.SopInstanceUid, new StoredInstanceRef(header.StudyInstanceUid, patient.HomeSite, blob.Hash));
            return StoreOutcome.Stored;
        }
        _log.Warning("Study {0} refused {1} from {2}: {3}", header.StudyInstanceUid, header.SopInstanceUid, _hospital.Hospital.AeTitle, ack.Refusal);
        return ack.Refusal switch
        {
            StudyRefusal.DifferentContent => new StoreOutcome(
                IngestStatus.DuplicateSopInstance,
                "this SOP Instance UID is archived with different content; the archive keeps the first version (duplicate policy: reject)"),
            StudyRefusal.PatientMismatch => new StoreOutcome(
                IngestStatus.CatalogRefused, $"study {header.StudyInstanceUid} belongs to another patient than {identifier}"),
            StudyRefusal.InstanceInOtherSeries => new StoreOutcome(
                IngestStatus.CatalogRefused, "this SOP Instance UID is archived in another series of the study"),
            _ => new StoreOutcome(IngestStatus.CannotUnderstand, $"the study catalog refused the instance ({ack.Refusal})"),
        };
    }

    private async Task<ResolvedPatient> ResolveAsync(PatientIdentifier identifier, ReportedDemographics demographics, CancellationToken cancellationToken)
    {
        if (_patients.TryGetValue(identifier, out var known))
            return known;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_context.ClusterTimeout);
        var master = await _context.Patients.ResolveAsync(identifier, _hospital.Site, demographics, timeout.Token);
        var record = await _context.Patients.LocateAsync(master, timeout.Token)
            ?? throw new PatientIndexException(PatientIndexError.Unavailable, $"{master} resolved but not found");
        // A merged identifier resolves to its survivor: file the study under the live record.
        var resolved = new ResolvedPatient(record.MasterId, record.HomeSite);
        _patients[identifier] = resolved;
        return resolved;
    }

    private static async Task Observe(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Only its completion matters here: the store already failed for another reason.
        }
    }

    private sealed record ResolvedPatient(MasterPatientId MasterId, string HomeSite);
}
