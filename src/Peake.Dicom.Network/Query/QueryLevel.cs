namespace Peake.Dicom.Network.Query;

/// <summary>(0008,0052) Query/Retrieve Level (PS3.4 C.6), from the top of the hierarchy down.</summary>
public enum QueryLevel
{
    Patient,
    Study,
    Series,
    Image,
}
