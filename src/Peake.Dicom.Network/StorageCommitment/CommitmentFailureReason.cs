namespace Peake.Dicom.Network.StorageCommitment;

/// <summary>Failure Reason (0008,1197) values of a Storage Commitment report (PS3.4 J.3.3.1.1).</summary>
public static class CommitmentFailureReason
{
    /// <summary>A general failure processing the instance (e.g. its file cannot be read).</summary>
    public const ushort ProcessingFailure = 0x0110;

    /// <summary>The SCP has no such instance.</summary>
    public const ushort NoSuchObjectInstance = 0x0112;

    /// <summary>The SCP has stored this instance under another SOP class.</summary>
    public const ushort ClassInstanceConflict = 0x0119;

    /// <summary>The SOP class is not one this SCP commits to.</summary>
    public const ushort ReferencedSopClassNotSupported = 0x0122;

    /// <summary>The transaction UID is one already in use.</summary>
    public const ushort DuplicateTransactionUid = 0x0131;

    /// <summary>The SCP lacks the resources to commit to the instance.</summary>
    public const ushort ResourceLimitation = 0x0213;
}
