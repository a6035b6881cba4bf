namespace Peake.DicomWeb.Store;

/// <summary>Failure Reason (0008,1197) values of PS3.18 Annex I.2.2 that the routes themselves answer.</summary>
public static class StowFailureReasons
{
    /// <summary>Cxxx "cannot understand": unreadable part, wrong media type, study mismatch.</summary>
    public const ushort CannotUnderstand = 0xC000;

    /// <summary>A7xx "out of resources": a part over the size limit, a quorum not reached.</summary>
    public const ushort OutOfResources = 0xA700;

    /// <summary>0110 "processing failure".</summary>
    public const ushort ProcessingFailure = 0x0110;
}
