namespace Peake.Dicom.Network.Pdu;

/// <summary>PS3.8 Table 9-21, Reason/Diag. values; their meaning depends on the source.</summary>
public static class AssociateRejectReason
{
    // Source 1, DICOM UL service-user.
    public const byte NoReasonGiven = 1;
    public const byte ApplicationContextNameNotSupported = 2;
    public const byte CallingAeTitleNotRecognized = 3;
    public const byte CalledAeTitleNotRecognized = 7;

    // Source 2, DICOM UL service-provider (ACSE related function).
    public const byte ProtocolVersionNotSupported = 2;

    // Source 3, DICOM UL service-provider (presentation related function).
    public const byte TemporaryCongestion = 1;
    public const byte LocalLimitExceeded = 2;
}
