namespace Peake.Dicom.Network.Pdu;

/// <summary>PS3.8 Table 9-21, Source field of A-ASSOCIATE-RJ.</summary>
public enum AssociateRejectSource : byte
{
    ServiceUser = 1,
    ServiceProviderAcse = 2,
    ServiceProviderPresentation = 3,
}
