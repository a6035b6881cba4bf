namespace Peake.Dicom.Network.Pdu;

/// <summary>PS3.8 Table 9-26, Source field of A-ABORT (1 is reserved).</summary>
public enum AbortSource : byte
{
    ServiceUser = 0,
    Reserved = 1,
    ServiceProvider = 2,
}
