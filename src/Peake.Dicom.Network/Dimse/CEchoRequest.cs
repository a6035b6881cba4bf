namespace Peake.Dicom.Network.Dimse;

/// <summary>C-ECHO-RQ (PS3.7 9.3.5.1).</summary>
public sealed record CEchoRequest(ushort MessageId, string AffectedSopClassUid = CEchoRequest.VerificationSopClassUid) : DimseMessage
{
    /// <summary>PS3.4 A.4: the Verification SOP class.</summary>
    public const string VerificationSopClassUid = "1.2.840.10008.1.1";

    public override DimseCommandField CommandField => DimseCommandField.CEchoRequest;

    public override bool HasDataSet => false;
}
