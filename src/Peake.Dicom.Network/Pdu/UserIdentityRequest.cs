namespace Peake.Dicom.Network.Pdu;

/// <summary>
/// User identity negotiation sub-item of an A-ASSOCIATE-RQ (PS3.7 D.3.3.7.1). The fields stay bytes: their meaning
/// (UTF-8 user name, Kerberos ticket, SAML, JWT) depends on <see cref="IdentityType"/>.
/// </summary>
public sealed record UserIdentityRequest(
    UserIdentityType IdentityType,
    bool PositiveResponseRequested,
    ReadOnlyMemory<byte> PrimaryField,
    ReadOnlyMemory<byte> SecondaryField);
