namespace Peake.Dicom.Network.Dimse;

/// <summary>C-ECHO-RSP (PS3.7 9.3.5.2).</summary>
public sealed record CEchoResponse(ushort MessageIdBeingRespondedTo, ushort Status, string AffectedSopClassUid = CEchoRequest.VerificationSopClassUid) : DimseMessage
{
    public override DimseCommandField CommandField => DimseCommandField.CEchoResponse;

    public override bool HasDataSet => false;
}
