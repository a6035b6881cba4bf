namespace Peake.Dicom.Network.Pdu;

/// <summary>PS3.8 Table 9-21, Result field of A-ASSOCIATE-RJ.</summary>
public enum AssociateRejectResult : byte
{
    Permanent = 1,
    Transient = 2,
}
