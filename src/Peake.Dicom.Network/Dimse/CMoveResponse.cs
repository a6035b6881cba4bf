namespace Peake.Dicom.Network.Dimse;

/// <summary>C-MOVE-RSP (PS3.7 9.3.4.2): the same sub-operation counts as C-GET-RSP.</summary>
public sealed record CMoveResponse(
    ushort MessageIdBeingRespondedTo,
    string? AffectedSopClassUid,
    ushort Status,
    ushort? Remaining,
    ushort? Completed,
    ushort? Failed,
    ushort? Warning,
    string? ErrorComment = null) : DimseMessage
{
    /// <summary>PS3.4 C.4.2.1.5: Refused, Move Destination unknown.</summary>
    public const ushort MoveDestinationUnknown = 0xA801;

    public override DimseCommandField CommandField => DimseCommandField.CMoveResponse;

    /// <summary>
    /// (0000,0800) says an identifier follows: a final response after failed sub-operations carries one with the
    /// Failed SOP Instance UID List (PS3.4 C.4.2.1.4, C.4.3.1.4).
    /// </summary>
    public bool HasIdentifier { get; init; }

    /// <summary>(0008,0058) from that identifier: the instances whose sub-operation failed.</summary>
    public IReadOnlyList<string> FailedSopInstanceUids { get; init; } = [];

    public override bool HasDataSet => HasIdentifier;
}
