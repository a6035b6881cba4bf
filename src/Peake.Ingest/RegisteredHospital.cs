using Peake.Cluster.Sites;

namespace Peake.Ingest;

/// <summary>A hospital of <see cref="HospitalRegistry"/> and the name of the site it belongs to.</summary>
public sealed record RegisteredHospital(Hospital Hospital, string Site)
{
    /// <summary>The issuer of patient ids for data sets without (0010,0021): the hospital's AE title.</summary>
    public string DefaultIssuer => Hospital.AeTitle;
}
