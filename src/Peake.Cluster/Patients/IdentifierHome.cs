using Peake.Cluster.Sharding;
using Peake.Cluster.Sites;

namespace Peake.Cluster.Patients;

/// <summary>
/// The home site of an identifier's actor, from the identifier alone. It must not depend on who asks: if two sites
/// that see a new MRN at once addressed it at different sites, they would reach two shards, two entities, and mint
/// two master ids. A hospital's own MRNs (issuer = its AE title, the default for an empty issuer) live at its site;
/// any other issuer is spread over the sites by FNV-1a of the key over the site names in ordinal order, so it does
/// not depend on the order of the configuration (adding a site re-homes those: the site list is fixed like buckets).
/// </summary>
public static class IdentifierHome
{
    public static string SiteFor(PatientIdentifier identifier, SiteMap sites)
    {
        if (sites.SiteOfAeTitle(identifier.Issuer) is { } own)
            return own.Name;
        var names = sites.Sites.Select(s => s.Name).Order(StringComparer.Ordinal).ToArray();
        return names[SiteShardId.Fnv1a32(identifier.Key) % (uint)names.Length];
    }
}
