using System.Collections.Immutable;
using Peake.Cluster.Sites;
using Peake.Dicom.Network.Server;

namespace Peake.Ingest;

/// <summary>
/// The hospitals allowed to send, from <c>cluster-config/</c> (<see cref="SiteMap"/>): a calling AE title names one
/// hospital and its site. An AE title no site declares is rejected at association (PS3.8 Table 9-21, reason 3), so
/// nothing from an unknown sender is ever stored. The hospital's AE title is the issuer of its patient ids when a
/// data set has no Issuer of Patient ID (0010,0021): two hospitals' bare MRN "12345" are two people.
/// </summary>
public sealed class HospitalRegistry
{
    private readonly ImmutableDictionary<string, RegisteredHospital> _byAeTitle;

    public HospitalRegistry(SiteMap sites)
    {
        ArgumentNullException.ThrowIfNull(sites);
        _byAeTitle = sites.Sites
            .SelectMany(s => s.Hospitals.Select(h => new RegisteredHospital(h, s.Name)))
            .ToImmutableDictionary(h => h.Hospital.AeTitle, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<RegisteredHospital> All => [.. _byAeTitle.Values];

    /// <summary>The hospital calling as <paramref name="callingAeTitle"/> (padding trimmed), or null.</summary>
    public RegisteredHospital? Find(string callingAeTitle) => _byAeTitle.GetValueOrDefault(callingAeTitle.Trim());

    public bool IsKnown(string callingAeTitle) => Find(callingAeTitle) is not null;

    /// <summary>Where each hospital listens: storage commitment reports go there when the asking association is gone.</summary>
    public IReadOnlyDictionary<string, MoveDestination> ReportDestinations() =>
        _byAeTitle.Values.ToDictionary(h => h.Hospital.AeTitle, h => new MoveDestination(h.Hospital.Host, h.Hospital.Port), StringComparer.Ordinal);
}
