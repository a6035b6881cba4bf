using Peake.Cluster.Sites;

namespace Peake.Cluster.Tests.Sites;

public sealed class NearestSitesTests
{
    private static SiteMap Map(params (string Name, double Lat, double Lon)[] sites) =>
        new(sites.Select(s => new Site(s.Name, s.Lat, s.Lon, [])));

    [Fact]
    public void Should_start_with_the_site_itself_then_nearest_first()
    {
        var nearest = new NearestSites(Map(("a", 0, 0), ("far", 0, 40), ("near", 0, 5), ("mid", 10, 10)));

        Assert.Equal(["a", "near", "mid", "far"], nearest.From("a"));
    }

    [Fact]
    public void Should_break_distance_ties_by_name()
    {
        var nearest = new NearestSites(Map(("zulu", 0, -10), ("hub", 0, 0), ("alpha", 0, 10)));

        Assert.Equal(["hub", "alpha", "zulu"], nearest.From("hub"));
    }

    [Fact]
    public void Should_measure_across_the_antimeridian_on_the_great_circle()
    {
        // 179E to 179W is 2 degrees of longitude; a naive longitude difference would call it 358.
        var nearest = new NearestSites(Map(("fiji", 0, 179), ("samoa", 0, -179), ("vanuatu", 0, 170)));

        Assert.Equal(["fiji", "samoa", "vanuatu"], nearest.From("fiji"));
    }

    [Fact]
    public void Should_order_the_declared_sites_by_real_distance()
    {
        var map = SiteMap.Parse("""
            peake.sites = [
              { name = "west", latitude = 37.34, longitude = -121.89, hospitals = [ ] }
              { name = "east", latitude = 39.04, longitude = -77.49, hospitals = [ ] }
              { name = "northwest", latitude = 45.52, longitude = -122.68, hospitals = [ ] }
              { name = "south", latitude = 32.78, longitude = -96.80, hospitals = [ ] }
            ]
            """);
        var nearest = new NearestSites(map);

        Assert.Equal(["west", "northwest", "south", "east"], nearest.From("west"));
        // San Jose to Portland is about 910 km.
        Assert.InRange(NearestSites.DistanceKm(map["west"], map["northwest"]), 850, 950);
    }

    [Fact]
    public void Should_give_nothing_for_an_unknown_site()
    {
        Assert.Empty(new NearestSites(Map(("a", 0, 0))).From("b"));
    }
}
