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

    public override bool HasDataSet => false;
}
