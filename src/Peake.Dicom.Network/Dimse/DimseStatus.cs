namespace Peake.Dicom.Network.Dimse;

/// <summary>(0000,0900) Status values used here (PS3.7 Annex C, and PS3.4 B.2.3 for storage).</summary>
public static class DimseStatus
{
    public const ushort Success = 0x0000;

    /// <summary>PS3.7 C.5.9: the peer asked for an operation this SCP does not perform.</summary>
    public const ushort UnrecognizedOperation = 0x0211;

    /// <summary>PS3.7 C.5.4: the SOP class is not supported on this presentation context.</summary>
    public const ushort SopClassNotSupported = 0x0122;

    /// <summary>PS3.7 C.5.7: a general failure while processing.</summary>
    public const ushort ProcessingFailure = 0x0110;

    /// <summary>PS3.4 B.2.3: refused, out of resources (e.g. disk full).</summary>
    public const ushort OutOfResources = 0xA700;

    /// <summary>PS3.4 B.2.3: error, cannot understand (here: an invalid SOP Instance UID).</summary>
    public const ushort CannotUnderstand = 0xC000;

    public static bool IsSuccess(ushort status) => status == Success;

    /// <summary>PS3.7 C.1: warnings are 0001, Bxxx and 0107/0116.</summary>
    public static bool IsWarning(ushort status) => status is 0x0001 or 0x0107 or 0x0116 || (status & 0xF000) == 0xB000;

    /// <summary>PS3.7 C.1.2: FF00 and FF01 are pending.</summary>
    public static bool IsPending(ushort status) => status is 0xFF00 or 0xFF01;

    public static bool IsCancel(ushort status) => status == 0xFE00;

    public static bool IsFailure(ushort status) => !IsSuccess(status) && !IsWarning(status) && !IsPending(status) && !IsCancel(status);
}
