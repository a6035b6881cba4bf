namespace Peake.Dicom.Network.Dimse;

/// <summary>The DIMSE-N commands used by Storage Commitment: N-ACTION (PS3.7 10.3.4) and N-EVENT-REPORT (10.3.1).</summary>
public static partial class DimseCommandCodec
{
    private static void EncodeNormalized(DicomDataset ds, DimseMessage message)
    {
        switch (message)
        {
            case NActionRequest rq:
                // PS3.7 10.3.4.1: an N-ACTION-RQ names its target with the Requested (not Affected) UIDs.
                ds.SetString(DicomTags.RequestedSOPClassUID, DicomVR.UI, rq.RequestedSopClassUid);
                ds.SetValues(DicomTags.MessageID, DicomVR.US, rq.MessageId);
                ds.SetString(DicomTags.RequestedSOPInstanceUID, DicomVR.UI, rq.RequestedSopInstanceUid);
                ds.SetValues(DicomTags.ActionTypeID, DicomVR.US, rq.ActionTypeId);
                break;
            case NActionResponse rsp:
                SetNormalizedResponse(ds, rsp.AffectedSopClassUid, rsp.AffectedSopInstanceUid, rsp.MessageIdBeingRespondedTo, rsp.Status, rsp.ErrorComment);
                SetCount(ds, DicomTags.ActionTypeID, rsp.ActionTypeId);
                break;
            case NEventReportRequest rq:
                ds.SetString(DicomTags.AffectedSOPClassUID, DicomVR.UI, rq.AffectedSopClassUid);
                ds.SetValues(DicomTags.MessageID, DicomVR.US, rq.MessageId);
                ds.SetString(DicomTags.AffectedSOPInstanceUID, DicomVR.UI, rq.AffectedSopInstanceUid);
                ds.SetValues(DicomTags.EventTypeID, DicomVR.US, rq.EventTypeId);
                break;
            case NEventReportResponse rsp:
                SetNormalizedResponse(ds, rsp.AffectedSopClassUid, rsp.AffectedSopInstanceUid, rsp.MessageIdBeingRespondedTo, rsp.Status, rsp.ErrorComment);
                SetCount(ds, DicomTags.EventTypeID, rsp.EventTypeId);
                break;
        }
    }

    private static void SetNormalizedResponse(DicomDataset ds, string? sopClass, string? sopInstance, ushort respondedTo, ushort status, string? errorComment)
    {
        SetResponse(ds, sopClass, respondedTo, status, errorComment);
        if (sopInstance is not null)
        {
            ds.SetString(DicomTags.AffectedSOPInstanceUID, DicomVR.UI, sopInstance);
        }
    }

    /// <summary>
    /// Only what the command set itself must hold is checked here; whether the named SOP class, instance and action
    /// make sense is the service's to answer with a status (PS3.7 10.1.4.1.10), not a reason to abort.
    /// </summary>
    private static DimseMessage DecodeNormalized(DicomDataset ds, DimseCommandField field, bool hasDataSet) => field switch
    {
        DimseCommandField.NActionRequest => new NActionRequest(
            MessageId(ds),
            Uid(ds, DicomTags.RequestedSOPClassUID, "Requested SOP Class UID"),
            Uid(ds, DicomTags.RequestedSOPInstanceUID, "Requested SOP Instance UID"),
            UInt16(ds, DicomTags.ActionTypeID, "Action Type ID"),
            hasDataSet),
        DimseCommandField.NActionResponse => new NActionResponse(
            RespondedTo(ds),
            Status(ds),
            ds.GetString(DicomTags.AffectedSOPClassUID),
            ds.GetString(DicomTags.AffectedSOPInstanceUID),
            Count(ds, DicomTags.ActionTypeID),
            hasDataSet,
            ds.GetString(DicomTags.ErrorComment)),
        DimseCommandField.NEventReportRequest => new NEventReportRequest(
            MessageId(ds),
            AffectedSopClass(ds),
            Uid(ds, DicomTags.AffectedSOPInstanceUID, "Affected SOP Instance UID"),
            UInt16(ds, DicomTags.EventTypeID, "Event Type ID"),
            hasDataSet),
        _ => new NEventReportResponse(
            RespondedTo(ds),
            Status(ds),
            ds.GetString(DicomTags.AffectedSOPClassUID),
            ds.GetString(DicomTags.AffectedSOPInstanceUID),
            Count(ds, DicomTags.EventTypeID),
            hasDataSet,
            ds.GetString(DicomTags.ErrorComment)),
    };
}
