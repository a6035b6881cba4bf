namespace Peake.Dicom.Network.Dimse;

/// <summary>
/// C-GET-RSP (PS3.7 9.3.3.2): the sub-operation counts (0000,1020..1023). Remaining is sent on pending responses only;
/// the final response carries the other three.
/// </summary>
public sealed record CGetResponse(
    ushort MessageIdBeingRespondedTo,
    string? AffectedSopClassUid,
    ushort Status,
    ushort? Remaining,
    ushort? Completed,
    ushort? Failed,
    ushort? Warning,
    string? ErrorComment = null) : DimseMessage
{
    public override DimseCommandField CommandField => DimseCommandField.CGetResponse;

    /// <summary>
    /// (0000,0800) says an identifier follows: a final response after failed sub-operations carries one with the
    /// Failed SOP Instance UID List (PS3.4 C.4.2.1.4, C.4.3.1.4).
    /// </summary>
    public bool HasIdentifier { get; init; }

    /// <summary>(0008,0058) from that identifier: the instances whose sub-operation failed.</summary>
    public IReadOnlyList<string> FailedSopInstanceUids { get; init; } = [];

    public override bool HasDataSet => HasIdentifier;
}
