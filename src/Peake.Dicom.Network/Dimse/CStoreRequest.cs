namespace Peake.Dicom.Network.Dimse;

/// <summary>C-STORE-RQ (PS3.7 9.3.1.1). The data set follows as its own PDVs and is streamed, not held here.</summary>
public sealed record CStoreRequest(
    ushort MessageId,
    string AffectedSopClassUid,
    string AffectedSopInstanceUid,
    DimsePriority Priority = DimsePriority.Medium,
    string? MoveOriginatorAeTitle = null,
    ushort? MoveOriginatorMessageId = null) : DimseMessage
{
    public override DimseCommandField CommandField => DimseCommandField.CStoreRequest;

    public override bool HasDataSet => true;
}
