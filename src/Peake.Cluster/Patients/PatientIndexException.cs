namespace Peake.Cluster.Patients;

public sealed class PatientIndexException(PatientIndexError error, string message) : Exception(message)
{
    public PatientIndexError Error { get; } = error;
}
