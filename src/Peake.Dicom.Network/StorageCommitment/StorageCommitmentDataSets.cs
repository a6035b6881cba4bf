namespace Peake.Dicom.Network.StorageCommitment;

/// <summary>
/// The two data sets of the push model (PS3.4 J.3.2.1.1, J.3.3.1.1): the N-ACTION Action Information (Transaction UID
/// and the Referenced SOP Sequence asked for) and the N-EVENT-REPORT Event Information (Transaction UID, the
/// Referenced SOP Sequence of committed instances, the Failed SOP Sequence with a Failure Reason each).
/// </summary>
internal static class StorageCommitmentDataSets
{
    /// <summary>Largest Action or Event Information taken (about 40,000 references); more is refused, not buffered.</summary>
    public const int MaxLength = 4 * 1024 * 1024;

    private static readonly DicomReadOptions ReadOptions = new()
    {
        MaxDepth = 4,
        ReadTruncatedContainers = false,
        LazyThreshold = long.MaxValue,
        MaxValueLength = 64 * 1024,
    };

    public static byte[] ActionInformation(string transactionUid, IEnumerable<SopReference> references, DicomTransferSyntax syntax)
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTags.TransactionUID, DicomVR.UI, transactionUid);
        ds.Set(new DicomSequence(DicomTags.ReferencedSOPSequence, references.Select(r => Item(r.SopClassUid, r.SopInstanceUid))));
        return DicomWriter.ToBytes(ds, syntax);
    }

    public static byte[] EventInformation(StorageCommitmentResult result, string retrieveAeTitle, DicomTransferSyntax syntax)
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTags.TransactionUID, DicomVR.UI, result.TransactionUid);
        if (result.Committed.Count > 0)
        {
            // PS3.4 J.3.3.1.1: where the committed instances can be retrieved from.
            ds.SetString(DicomTags.RetrieveAETitle, DicomVR.AE, retrieveAeTitle);
            ds.Set(new DicomSequence(DicomTags.ReferencedSOPSequence, result.Committed.Select(r => Item(r.SopClassUid, r.SopInstanceUid))));
        }

        if (result.Failed.Count > 0)
        {
            ds.Set(new DicomSequence(DicomTags.FailedSOPSequence, result.Failed.Select(f =>
            {
                var item = Item(f.SopClassUid, f.SopInstanceUid);
                item.SetValues(DicomTags.FailureReason, DicomVR.US, f.FailureReason);
                return item;
            })));
        }

        return DicomWriter.ToBytes(ds, syntax);
    }

    /// <summary>The Transaction UID and references asked for.</summary>
    /// <exception cref="CommitmentArgumentException">What is missing or malformed, with the status to answer.</exception>
    public static (string TransactionUid, IReadOnlyList<SopReference> References) ReadActionInformation(ReadOnlyMemory<byte> bytes, DicomTransferSyntax syntax)
    {
        var ds = Read(bytes, syntax);
        var transactionUid = RequiredUid(ds, DicomTags.TransactionUID, "Transaction UID");
        var sequence = ds.GetSequence(DicomTags.ReferencedSOPSequence)
            ?? throw new CommitmentArgumentException(CommitmentStatus.MissingAttribute, "Referenced SOP Sequence (0008,1199) missing");
        if (sequence.Items.Count == 0)
        {
            throw new CommitmentArgumentException(CommitmentStatus.InvalidArgumentValue, "Referenced SOP Sequence (0008,1199) is empty");
        }

        return (transactionUid, [.. sequence.Items.Select(Reference)]);
    }

    /// <summary>What an N-EVENT-REPORT says; a report this requestor cannot read is a protocol violation.</summary>
    /// <exception cref="CommitmentArgumentException">What is missing or malformed.</exception>
    public static StorageCommitmentResult ReadEventInformation(ReadOnlyMemory<byte> bytes, DicomTransferSyntax syntax)
    {
        var ds = Read(bytes, syntax);
        var transactionUid = RequiredUid(ds, DicomTags.TransactionUID, "Transaction UID");
        var committed = ds.GetSequence(DicomTags.ReferencedSOPSequence)?.Items.Select(Reference).ToList() ?? [];
        var failed = ds.GetSequence(DicomTags.FailedSOPSequence)?.Items.Select(item =>
        {
            var reference = Reference(item);
            var reason = item.GetValues<ushort>(DicomTags.FailureReason);
            return new FailedSopReference(reference.SopClassUid, reference.SopInstanceUid, reason.Length == 1 ? reason[0] : CommitmentFailureReason.ProcessingFailure);
        }).ToList() ?? [];
        return new StorageCommitmentResult(transactionUid, committed, failed);
    }

    private static DicomDataset Read(ReadOnlyMemory<byte> bytes, DicomTransferSyntax syntax)
    {
        try
        {
            using var stream = new MemoryStream(bytes.ToArray(), writable: false);
            return DicomReader.ReadDataset(stream, syntax, ReadOptions);
        }
        catch (Exception e) when (e is DicomParseException or ArgumentException or FormatException or EndOfStreamException)
        {
            throw new CommitmentArgumentException(CommitmentStatus.InvalidArgumentValue, $"unreadable data set: {e.Message}");
        }
    }

    private static DicomDataset Item(string sopClass, string sopInstance)
    {
        var item = new DicomDataset();
        item.SetString(DicomTags.ReferencedSOPClassUID, DicomVR.UI, sopClass);
        item.SetString(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, sopInstance);
        return item;
    }

    private static SopReference Reference(DicomDataset item) => new(
        RequiredUid(item, DicomTags.ReferencedSOPClassUID, "Referenced SOP Class UID"),
        RequiredUid(item, DicomTags.ReferencedSOPInstanceUID, "Referenced SOP Instance UID"));

    private static string RequiredUid(DicomDataset ds, DicomTag tag, string name)
    {
        var uid = ds.GetString(tag)?.TrimEnd('\0', ' ');
        if (string.IsNullOrEmpty(uid))
        {
            throw new CommitmentArgumentException(CommitmentStatus.MissingAttribute, $"{name} {tag} missing");
        }

        return DicomUid.IsValid(uid) ? uid : throw new CommitmentArgumentException(CommitmentStatus.InvalidArgumentValue, $"{name} {tag} is not a valid UID");
    }
}
