namespace Peake.Dicom.Network.Dimse;

/// <summary>C-CANCEL-RQ (PS3.7 9.3.2.3 etc.): names the request to cancel; it has no response of its own.</summary>
public sealed record CCancelRequest(ushort MessageIdBeingRespondedTo) : DimseMessage
{
    public override DimseCommandField CommandField => DimseCommandField.CCancelRequest;

    public override bool HasDataSet => false;
}
