namespace Peake.Dicom.Network.Association;

/// <summary>
/// What the authorization hook decided about an association's user identity (PS3.7 D.3.3.7). A refusal rejects the
/// association: rejected-permanent, source "DICOM UL service-provider (ACSE related function)", reason 1.
/// <see cref="ServerResponse"/> is sent back (sub-item 59H) when the requestor asked for a positive response: empty
/// for user names and passcodes, the Kerberos/SAML/JWT response otherwise.
/// </summary>
public sealed record UserIdentityDecision(bool Accepted, ReadOnlyMemory<byte> ServerResponse = default)
{
    public static UserIdentityDecision Accept { get; } = new(true);

    public static UserIdentityDecision Reject { get; } = new(false);
}
