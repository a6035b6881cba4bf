using Peake.Dicom.Network.Query;
using Peake.Dicom.Network.StorageCommitment;

namespace Peake.Dicom.Network.Server.StorageCommitment;

/// <summary>
/// Commits to what a <see cref="FolderStore"/> holds right now: an instance is committed when the index knows it, its
/// file is still there and readable, and the file's SOP class is the one referenced. Otherwise it fails with 0112H (no
/// such instance, or its file was removed), 0119H (stored under another SOP class) or 0110H (file unreadable).
/// </summary>
public sealed class FolderCommitmentHandler(InstanceIndex index) : IStorageCommitmentHandler
{
    public ValueTask<StorageCommitmentResult> CommitAsync(StorageCommitmentRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var committed = new List<SopReference>();
        var failed = new List<FailedSopReference>();
        foreach (var reference in request.References)
        {
            if (Check(reference) is { } reason)
            {
                failed.Add(new FailedSopReference(reference.SopClassUid, reference.SopInstanceUid, reason));
            }
            else
            {
                committed.Add(reference);
            }
        }

        return ValueTask.FromResult(new StorageCommitmentResult(request.TransactionUid, committed, failed));
    }

    private ushort? Check(SopReference reference)
    {
        var path = index.PathOf(reference.SopInstanceUid);
        if (path is null || !File.Exists(path))
        {
            return CommitmentFailureReason.NoSuchObjectInstance;
        }

        DicomDataset meta;
        try
        {
            meta = DicomFile.Open(path, MetaOnly).Meta;
        }
        catch (Exception e) when (e is DicomParseException or IOException or UnauthorizedAccessException)
        {
            return CommitmentFailureReason.ProcessingFailure;
        }

        if (meta.GetString(DicomTags.MediaStorageSOPInstanceUID) != reference.SopInstanceUid)
        {
            return CommitmentFailureReason.ProcessingFailure;
        }

        return meta.GetString(DicomTags.MediaStorageSOPClassUID) == reference.SopClassUid ? null : CommitmentFailureReason.ClassInstanceConflict;
    }

    private static readonly DicomReadOptions MetaOnly = new() { StopAtPixelData = true, LazyThreshold = 1024 };
}
