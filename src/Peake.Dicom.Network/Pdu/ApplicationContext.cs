namespace Peake.Dicom.Network.Pdu;

/// <summary>PS3.7 A.2.1: the only application context name DICOM defines.</summary>
public static class ApplicationContext
{
    public const string DicomApplicationContextName = "1.2.840.10008.3.1.1.1";
}
