namespace Peake.Cluster.Patients;

/// <summary>What one data set says about its patient (PN name, birth date, sex); null fields say nothing.</summary>
public sealed record ReportedDemographics(string? Name, DateOnly? BirthDate, PatientSex? Sex)
{
    public bool IsEmpty => string.IsNullOrWhiteSpace(Name) && BirthDate is null && Sex is null;
}
