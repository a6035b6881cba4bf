namespace Peake.Dicom.Network.Dimse;

/// <summary>
/// C-FIND-RSP (PS3.7 9.3.2.2). A pending response (FF00H/FF01H) carries one match as its identifier data set; the
/// final one (success, cancel, failure) carries none. <paramref name="HasIdentifier"/> is (0000,0800).
/// </summary>
public sealed record CFindResponse(
    ushort MessageIdBeingRespondedTo,
    string? AffectedSopClassUid,
    ushort Status,
    bool HasIdentifier,
    string? ErrorComment = null) : DimseMessage
{
    public override DimseCommandField CommandField => DimseCommandField.CFindResponse;

    public override bool HasDataSet => HasIdentifier;
}
