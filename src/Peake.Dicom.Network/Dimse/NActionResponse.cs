namespace Peake.Dicom.Network.Dimse;

/// <summary>
/// N-ACTION-RSP (PS3.7 10.1.4.1, 10.3.4): the Affected SOP Class/Instance UID and Action Type ID are optional
/// (U/C); an Action Reply, when the action has one, follows as a data set.
/// </summary>
public sealed record NActionResponse(
    ushort MessageIdBeingRespondedTo,
    ushort Status,
    string? AffectedSopClassUid,
    string? AffectedSopInstanceUid,
    ushort? ActionTypeId,
    bool HasActionReply = false,
    string? ErrorComment = null) : DimseMessage
{
    public override DimseCommandField CommandField => DimseCommandField.NActionResponse;

    public override bool HasDataSet => HasActionReply;
}
