namespace Peake.Dicom.Network.Pdu;

/// <summary>PS3.7 Table D.3-14, User-Identity-Type.</summary>
public enum UserIdentityType : byte
{
    Username = 1,
    UsernameAndPasscode = 2,
    KerberosServiceTicket = 3,
    SamlAssertion = 4,
    JsonWebToken = 5,
}
