namespace Peake.Dicom.Network.Dimse;

/// <summary>
/// N-ACTION-RQ (PS3.7 10.1.4.1, 10.3.4): asks the SOP instance named by the Requested SOP Class/Instance UID to
/// perform the action <paramref name="ActionTypeId"/>; its Action Information, when the action takes one, follows as
/// a data set.
/// </summary>
public sealed record NActionRequest(
    ushort MessageId,
    string RequestedSopClassUid,
    string RequestedSopInstanceUid,
    ushort ActionTypeId,
    bool HasActionInformation = true) : DimseMessage
{
    public override DimseCommandField CommandField => DimseCommandField.NActionRequest;

    public override bool HasDataSet => HasActionInformation;
}
