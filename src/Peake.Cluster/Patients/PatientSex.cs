namespace Peake.Cluster.Patients;

/// <summary>Patient's Sex (0010,0040), CS: PS3.3 C.7.1.1 defines M, F and O.</summary>
public enum PatientSex
{
    Male,
    Female,
    Other,
}
