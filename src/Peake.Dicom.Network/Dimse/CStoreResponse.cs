namespace Peake.Dicom.Network.Dimse;

/// <summary>C-STORE-RSP (PS3.7 9.3.1.2).</summary>
public sealed record CStoreResponse(
    ushort MessageIdBeingRespondedTo,
    string AffectedSopClassUid,
    string AffectedSopInstanceUid,
    ushort Status,
    string? ErrorComment = null) : DimseMessage
{
    public override DimseCommandField CommandField => DimseCommandField.CStoreResponse;

    public override bool HasDataSet => false;
}
