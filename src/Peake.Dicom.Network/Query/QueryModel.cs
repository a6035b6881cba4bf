namespace Peake.Dicom.Network.Query;

/// <summary>The two query information models served (PS3.4 C.6.1, C.6.2).</summary>
public enum QueryModel
{
    PatientRoot,
    StudyRoot,
}
