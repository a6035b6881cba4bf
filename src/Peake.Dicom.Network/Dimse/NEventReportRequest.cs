namespace Peake.Dicom.Network.Dimse;

/// <summary>
/// N-EVENT-REPORT-RQ (PS3.7 10.1.1.1, 10.3.1): the SOP instance named by the Affected SOP Class/Instance UID reports
/// the event <paramref name="EventTypeId"/>; its Event Information, when the event has one, follows as a data set.
/// </summary>
public sealed record NEventReportRequest(
    ushort MessageId,
    string AffectedSopClassUid,
    string AffectedSopInstanceUid,
    ushort EventTypeId,
    bool HasEventInformation = true) : DimseMessage
{
    public override DimseCommandField CommandField => DimseCommandField.NEventReportRequest;

    public override bool HasDataSet => HasEventInformation;
}
