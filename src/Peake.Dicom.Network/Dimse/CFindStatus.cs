namespace Peake.Dicom.Network.Dimse;

/// <summary>C-FIND status codes (PS3.4 C.4.1.1.4).</summary>
public static class CFindStatus
{
    /// <summary>Matching is complete, no final identifier.</summary>
    public const ushort Success = 0x0000;

    /// <summary>A match follows; all optional keys were supported.</summary>
    public const ushort Pending = 0xFF00;

    /// <summary>A match follows; one or more optional keys were not supported for matching.</summary>
    public const ushort PendingOptionalKeysNotSupported = 0xFF01;

    /// <summary>Matching terminated because of a C-CANCEL.</summary>
    public const ushort Cancel = 0xFE00;

    /// <summary>Refused: out of resources.</summary>
    public const ushort OutOfResources = 0xA700;

    /// <summary>Failed: identifier does not match SOP class.</summary>
    public const ushort IdentifierDoesNotMatchSopClass = 0xA900;

    /// <summary>Failed: unable to process (the Cxxx range; here C000H).</summary>
    public const ushort UnableToProcess = 0xC000;
}
