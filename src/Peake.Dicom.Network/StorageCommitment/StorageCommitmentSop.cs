namespace Peake.Dicom.Network.StorageCommitment;

/// <summary>The Storage Commitment Push Model SOP class and the values its DIMSE-N messages carry (PS3.4 J.3).</summary>
public static class StorageCommitmentSop
{
    /// <summary>PS3.4 J.3.1: Storage Commitment Push Model SOP Class.</summary>
    public const string SopClassUid = "1.2.840.10008.1.20.1";

    /// <summary>PS3.4 J.3.5: the well-known SOP instance every N-ACTION and N-EVENT-REPORT of the class names.</summary>
    public const string SopInstanceUid = "1.2.840.10008.1.20.1.1";

    /// <summary>PS3.4 J.3.2.1: Action Type ID 1, "Request Storage Commitment".</summary>
    public const ushort RequestActionTypeId = 1;

    /// <summary>PS3.4 J.3.3.1: Event Type ID 1, every referenced instance was committed.</summary>
    public const ushort AllCommittedEventTypeId = 1;

    /// <summary>PS3.4 J.3.3.1: Event Type ID 2, one or more instances failed.</summary>
    public const ushort FailuresExistEventTypeId = 2;
}
