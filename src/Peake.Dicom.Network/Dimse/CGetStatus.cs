namespace Peake.Dicom.Network.Dimse;

/// <summary>C-GET status codes (PS3.4 C.4.3.1.4); C-MOVE uses the same ones plus A801H.</summary>
public static class CGetStatus
{
    /// <summary>All sub-operations completed without failure or warning.</summary>
    public const ushort Success = 0x0000;

    /// <summary>Sub-operations are continuing.</summary>
    public const ushort Pending = 0xFF00;

    /// <summary>Sub-operations terminated because of a C-CANCEL.</summary>
    public const ushort Cancel = 0xFE00;

    /// <summary>Warning: sub-operations complete, one or more failures or warnings.</summary>
    public const ushort CompletedWithFailures = 0xB000;

    /// <summary>Refused: out of resources, unable to calculate the number of matches.</summary>
    public const ushort UnableToCalculateMatches = 0xA701;

    /// <summary>Refused: out of resources, unable to perform sub-operations (none could be sent).</summary>
    public const ushort UnableToPerformSubOperations = 0xA702;
}
