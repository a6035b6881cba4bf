namespace Peake.Dicom.Network.StorageCommitment;

/// <summary>N-ACTION and N-EVENT-REPORT statuses used by Storage Commitment (PS3.7 10.1.4.1.10, 10.1.1.1.8, Annex C).</summary>
public static class CommitmentStatus
{
    /// <summary>PS3.7 C.5.7: processing failure.</summary>
    public const ushort ProcessingFailure = 0x0110;

    /// <summary>PS3.7 C.5.15: the SOP instance named is not the well-known Storage Commitment instance.</summary>
    public const ushort InvalidObjectInstance = 0x0117;

    /// <summary>PS3.7 C.5.16: the requested SOP class is not the context's, or not Storage Commitment.</summary>
    public const ushort NoSuchSopClass = 0x0118;

    /// <summary>PS3.7 C.5.13: invalid argument value (a malformed UID, an empty or malformed Referenced SOP Sequence item).</summary>
    public const ushort InvalidArgumentValue = 0x0115;

    /// <summary>PS3.7 C.5.14: the Action Information lacks a required attribute (Transaction UID, Referenced SOP Sequence).</summary>
    public const ushort MissingAttribute = 0x0120;

    /// <summary>PS3.7 C.5.20: no such action (an Action Type ID other than 1).</summary>
    public const ushort NoSuchAction = 0x0123;

    /// <summary>PS3.7 C.5.21: no such event type (an N-EVENT-REPORT with an Event Type ID other than 1 or 2).</summary>
    public const ushort NoSuchEventType = 0x0113;

    /// <summary>PS3.7 C.5.22: resource limitation (an Action Information too large to take).</summary>
    public const ushort ResourceLimitation = 0x0213;
}
