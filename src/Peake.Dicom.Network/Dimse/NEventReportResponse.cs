namespace Peake.Dicom.Network.Dimse;

/// <summary>
/// N-EVENT-REPORT-RSP (PS3.7 10.1.1.1, 10.3.1): the Affected SOP Class/Instance UID are optional (U), the Event Type
/// ID conditional; an Event Reply, when the event has one, follows as a data set.
/// </summary>
public sealed record NEventReportResponse(
    ushort MessageIdBeingRespondedTo,
    ushort Status,
    string? AffectedSopClassUid,
    string? AffectedSopInstanceUid,
    ushort? EventTypeId,
    bool HasEventReply = false,
    string? ErrorComment = null) : DimseMessage
{
    public override DimseCommandField CommandField => DimseCommandField.NEventReportResponse;

    public override bool HasDataSet => HasEventReply;
}
