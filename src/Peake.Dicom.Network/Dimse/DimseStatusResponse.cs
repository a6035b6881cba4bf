namespace Peake.Dicom.Network.Dimse;

/// <summary>A bare response carrying only a status, e.g. 0211H "unrecognized operation" to an unsupported request.</summary>
public sealed record DimseStatusResponse(DimseCommandField Field, ushort MessageIdBeingRespondedTo, string? AffectedSopClassUid, ushort Status) : DimseMessage
{
    public override DimseCommandField CommandField => Field;

    public override bool HasDataSet => false;
}
