namespace Peake.Ingest;

/// <summary>
/// The C-STORE statuses the gateway answers (PS3.4 B.2.3, PS3.7 C; ADR 0025). Only <see cref="Success"/> tells the
/// modality it may delete its copy, so it is sent only when the instance is durable on the write quorum and its
/// catalog event is persisted; every other answer leaves the modality holding the image.
/// </summary>
internal static class IngestStatus
{
    public const ushort Success = 0x0000;

    /// <summary>
    /// Refused, out of resources: the quorum was not reached in time, the local disk is short of space, or the cluster
    /// (patient index, study catalog) did not answer. Transient: the modality retries, and a retry is idempotent.
    /// </summary>
    public const ushort OutOfResources = 0xA700;

    /// <summary>Error, cannot understand: the data set is unparsable or lacks a UID or the Patient ID.</summary>
    public const ushort CannotUnderstand = 0xC000;

    /// <summary>Error: the data set's SOP Class UID is not the one the C-STORE named (PS3.4 B.2.3 A900H).</summary>
    public const ushort DataSetDoesNotMatchSopClass = 0xA900;

    /// <summary>
    /// The SOP instance is archived with other bytes and the policy is Reject: PS3.7 C.5.8 "Duplicate SOP Instance",
    /// a failure, so the modality keeps the new version (a warning would let it delete an image we did not keep).
    /// </summary>
    public const ushort DuplicateSopInstance = 0x0111;

    /// <summary>
    /// Error, cannot understand, for what the catalog refused (the instance names another patient than its study's,
    /// or moves series): a data problem someone must look at, never re-filed silently.
    /// </summary>
    public const ushort CatalogRefused = 0xC001;

    /// <summary>Refused: the instance is not of a storage SOP class the gateway accepts (PS3.7 C.4: 0122H).</summary>
    public const ushort SopClassNotSupported = 0x0122;
}
