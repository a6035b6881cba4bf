using System.Collections.Immutable;

namespace Peake.Cluster.Sites;

/// <summary>
/// For every site, all sites ordered by great-circle distance from it: itself first (distance 0), then the nearest.
/// Ties are broken by ordinal name so every node computes the same order from the same map.
/// </summary>
public sealed class NearestSites
{
    // Mean Earth radius (IUGG); the order is all that matters, kilometres make it readable in logs.
    private const double EarthRadiusKm = 6371.0088;

    private readonly ImmutableDictionary<string, ImmutableArray<string>> _orders;

    public NearestSites(SiteMap map)
    {
        _orders = map.Sites.ToImmutableDictionary(
            from => from.Name,
            from => map.Sites
                .OrderBy(to => from.Name == to.Name ? 0 : DistanceKm(from, to))
                .ThenBy(to => from.Name == to.Name ? 0 : 1)
                .ThenBy(to => to.Name, StringComparer.Ordinal)
                .Select(to => to.Name)
                .ToImmutableArray(),
            StringComparer.Ordinal);
    }

    /// <summary>Sites nearest first, starting with <paramref name="site"/>; empty for a site the map does not know.</summary>
    public IReadOnlyList<string> From(string site) =>
        _orders.TryGetValue(site, out var order) ? order : [];

    /// <summary>Haversine distance: numerically stable for the small and the antipodal distances alike.</summary>
    public static double DistanceKm(Site a, Site b)
    {
        static double Rad(double degrees) => degrees * Math.PI / 180.0;
        var dLat = Rad(b.Latitude - a.Latitude);
        var dLon = Rad(b.Longitude - a.Longitude);
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
            + Math.Cos(Rad(a.Latitude)) * Math.Cos(Rad(b.Latitude)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1.0, Math.Sqrt(h)));
    }
}
