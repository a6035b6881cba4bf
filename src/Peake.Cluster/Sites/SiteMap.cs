using System.Collections.Immutable;
using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace Peake.Cluster.Sites;

/// <summary>
/// The six sites of the cluster, read once from <c>cluster-config/sites.conf</c> (path <c>peake.sites</c>) and
/// validated: one bad declaration would send a hospital's images to the wrong region, so loading fails loudly.
/// Sites are a HOCON list, not an object keyed by name, because HOCON merges duplicate keys silently.
/// </summary>
public sealed class SiteMap
{
    public const string ConfigPath = "peake.sites";

    private readonly ImmutableDictionary<string, Site> _byName;
    private readonly ImmutableDictionary<string, Site> _byAeTitle;

    public SiteMap(IEnumerable<Site> sites)
    {
        Sites = [.. sites];
        SiteMapValidation.Validate(Sites);
        _byName = Sites.ToImmutableDictionary(s => s.Name, StringComparer.Ordinal);
        _byAeTitle = Sites
            .SelectMany(s => s.Hospitals.Select(h => (h.AeTitle, Site: s)))
            .ToImmutableDictionary(p => p.AeTitle, p => p.Site, StringComparer.Ordinal);
    }

    public ImmutableArray<Site> Sites { get; }

    public Site this[string name] =>
        _byName.TryGetValue(name, out var site) ? site : throw new KeyNotFoundException($"no site named '{name}'");

    public bool TryGet(string name, out Site site) => _byName.TryGetValue(name, out site!);

    /// <summary>The site a calling AE title belongs to, or null for an AE title no site declares.</summary>
    public Site? SiteOfAeTitle(string aeTitle) => _byAeTitle.GetValueOrDefault(aeTitle.Trim());

    public static SiteMap Parse(string hocon) => FromConfig(ConfigurationFactory.ParseString(hocon));

    public static SiteMap Load(string path) => Parse(File.ReadAllText(path));

    public static SiteMap FromConfig(Config config)
    {
        if (!config.HasPath(ConfigPath))
            throw new SiteConfigException($"'{ConfigPath}' is missing: declare the sites as a list");
        var value = config.GetValue(ConfigPath);
        if (!value.IsArray())
            throw new SiteConfigException($"'{ConfigPath}' must be a list of sites");
        return new SiteMap(value.GetArray().Select((v, i) => ReadSite(v, i)));
    }

    private static Site ReadSite(HoconValue value, int index)
    {
        var where = $"{ConfigPath}[{index}]";
        var c = AsConfig(value, where);
        var name = RequireString(c, "name", where);
        where = $"site '{name}'";
        var hospitals = ReadList(c, "hospitals", where).Select((h, i) => ReadHospital(h, $"{where} hospitals[{i}]"));
        return new Site(name, RequireDouble(c, "latitude", where), RequireDouble(c, "longitude", where), [.. hospitals]);
    }

    // Akka 1.5's HOCON parser reads "[]" as a value that is no array, and "[ ]" as an array of one empty value:
    // accept the latter as the empty list and drop empty elements.
    private static IEnumerable<HoconValue> ReadList(Config c, string key, string where)
    {
        var value = c.HasPath(key) ? c.GetValue(key) : null;
        return value is not null && value.IsArray()
            ? value.GetArray().Where(v => !v.IsEmpty)
            : throw new SiteConfigException($"{where}: '{key}' must be a list (write an empty one as \"[ ]\")");
    }

    private static Hospital ReadHospital(HoconValue value, string where)
    {
        var c = AsConfig(value, where);
        return new Hospital(
            RequireString(c, "name", where),
            RequireString(c, "ae-title", where),
            RequireString(c, "host", where),
            RequireInt(c, "port", where));
    }

    private static Config AsConfig(HoconValue value, string where) =>
        value.IsObject() ? new Config(new HoconRoot(value)) : throw new SiteConfigException($"{where} must be an object");

    private static string RequireString(Config c, string key, string where) =>
        c.HasPath(key) && !string.IsNullOrWhiteSpace(c.GetString(key))
            ? c.GetString(key).Trim()
            : throw new SiteConfigException($"{where}: '{key}' is missing or empty");

    private static double RequireDouble(Config c, string key, string where)
    {
        _ = RequireString(c, key, where);
        try
        {
            return c.GetDouble(key);
        }
        catch (FormatException)
        {
            throw new SiteConfigException($"{where}: '{key}' must be a number, not '{c.GetString(key)}'");
        }
    }

    private static int RequireInt(Config c, string key, string where)
    {
        var text = RequireString(c, key, where);
        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new SiteConfigException($"{where}: '{key}' must be a whole number, not '{text}'");
    }
}
