using System.Text.RegularExpressions;

namespace Peake.Cluster.Sites;

/// <summary>The rules a site declaration must meet; each failure names what to fix.</summary>
internal static partial class SiteMapValidation
{
    public static void Validate(IReadOnlyCollection<Site> sites)
    {
        if (sites.Count == 0)
            throw new SiteConfigException("no sites declared");
        var names = new HashSet<string>(StringComparer.Ordinal);
        var aeTitles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var site in sites)
        {
            // The name becomes an Akka role and the prefix of shard ids ("east:17"), so it must be a plain token.
            if (!SiteNamePattern().IsMatch(site.Name))
                throw new SiteConfigException($"site '{site.Name}': a name is lower-case letters, digits and '-', starting with a letter");
            if (!names.Add(site.Name))
                throw new SiteConfigException($"site '{site.Name}' is declared twice");
            if (!double.IsFinite(site.Latitude) || site.Latitude is < -90 or > 90)
                throw new SiteConfigException($"site '{site.Name}': latitude {site.Latitude} is outside -90..90");
            if (!double.IsFinite(site.Longitude) || site.Longitude is < -180 or > 180)
                throw new SiteConfigException($"site '{site.Name}': longitude {site.Longitude} is outside -180..180");
            foreach (var hospital in site.Hospitals)
                ValidateHospital(site, hospital, aeTitles);
        }
    }

    private static void ValidateHospital(Site site, Hospital hospital, Dictionary<string, string> aeTitles)
    {
        var where = $"site '{site.Name}' hospital '{hospital.Name}'";
        // PS3.8 9.3.2: an AE title is 1-16 characters of the Default Character Repertoire, no backslash or control characters.
        if (hospital.AeTitle.Length is 0 or > 16 || hospital.AeTitle.Any(ch => ch is < ' ' or > '~' or '\\'))
            throw new SiteConfigException($"{where}: AE title '{hospital.AeTitle}' must be 1-16 printable ASCII characters without '\\'");
        if (aeTitles.TryGetValue(hospital.AeTitle, out var other))
            throw new SiteConfigException($"{where}: AE title '{hospital.AeTitle}' is already used by {other}");
        aeTitles[hospital.AeTitle] = where;
        if (hospital.Port is < 1 or > 65535)
            throw new SiteConfigException($"{where}: port {hospital.Port} is outside 1..65535");
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,30}$")]
    private static partial Regex SiteNamePattern();
}
