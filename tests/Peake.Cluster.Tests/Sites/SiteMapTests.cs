using Peake.Cluster.Sites;

namespace Peake.Cluster.Tests.Sites;

public sealed class SiteMapTests
{
    private static string RepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PeakeCluster.sln")))
                return Path.Combine(dir.FullName, relative);
        }
        throw new FileNotFoundException("repository root not found above the test binaries");
    }

    private static string Sites(params string[] sites) => "peake.sites = [\n" + string.Join("\n", sites) + "\n]";

    private static string SiteHocon(string name, double lat = 10, double lon = 20, string hospitals = "") =>
        $"{{ name = \"{name}\", latitude = {lat.ToString(System.Globalization.CultureInfo.InvariantCulture)}, " +
        $"longitude = {lon.ToString(System.Globalization.CultureInfo.InvariantCulture)}, hospitals = [ {hospitals} ] }}";

    private static string HospitalHocon(string ae, int port = 104) =>
        $"{{ name = \"H {ae}\", ae-title = \"{ae}\", host = \"h.example\", port = {port} }}";

    [Fact]
    public void Should_load_six_sites_with_hospitals_from_cluster_config()
    {
        var map = SiteMap.Load(RepoFile("cluster-config/sites.conf"));

        Assert.Equal(6, map.Sites.Length);
        Assert.All(map.Sites, s => Assert.InRange(s.Hospitals.Length, 2, 3));
        Assert.Equal("east", map.SiteOfAeTitle("POTOMAC_PACS")?.Name);
        Assert.Equal("site-west", map["west"].Role);
        Assert.Equal(11112, map["east"].Hospitals[1].Port);
    }

    [Fact]
    public void Should_reject_a_site_declared_twice()
    {
        var e = Assert.Throws<SiteConfigException>(() => SiteMap.Parse(Sites(SiteHocon("east"), SiteHocon("east"))));
        Assert.Contains("'east' is declared twice", e.Message);
    }

    [Fact]
    public void Should_reject_an_ae_title_used_by_two_sites()
    {
        var e = Assert.Throws<SiteConfigException>(() => SiteMap.Parse(Sites(
            SiteHocon("east", hospitals: HospitalHocon("SHARED_AE")),
            SiteHocon("west", hospitals: HospitalHocon("SHARED_AE")))));
        Assert.Contains("site 'west'", e.Message);
        Assert.Contains("'SHARED_AE' is already used by site 'east'", e.Message);
    }

    [Theory]
    [InlineData(90.5, 0, "latitude")]
    [InlineData(-91, 0, "latitude")]
    [InlineData(0, 180.01, "longitude")]
    [InlineData(0, -200, "longitude")]
    public void Should_reject_a_position_out_of_range(double lat, double lon, string what)
    {
        var e = Assert.Throws<SiteConfigException>(() => SiteMap.Parse(Sites(SiteHocon("east", lat, lon))));
        Assert.Contains($"site 'east': {what}", e.Message);
    }

    [Theory]
    [InlineData("ABCDEFGHIJKLMNOPQ")]
    [InlineData("BAD\\AE")]
    public void Should_reject_an_ae_title_the_standard_does_not_allow(string ae)
    {
        var site = new Site("east", 0, 0, [new Hospital("H", ae, "h.example", 104)]);
        var e = Assert.Throws<SiteConfigException>(() => new SiteMap([site]));
        Assert.Contains("AE title", e.Message);
    }

    [Fact]
    public void Should_reject_a_port_out_of_range()
    {
        var e = Assert.Throws<SiteConfigException>(() => SiteMap.Parse(Sites(SiteHocon("east", hospitals: HospitalHocon("AE1", 70000)))));
        Assert.Contains("port 70000", e.Message);
    }

    [Theory]
    [InlineData("East")]
    [InlineData("east:1")]
    [InlineData("1east")]
    public void Should_reject_a_site_name_that_cannot_be_a_role_or_shard_prefix(string name)
    {
        var e = Assert.Throws<SiteConfigException>(() => SiteMap.Parse(Sites(SiteHocon(name))));
        Assert.Contains("lower-case", e.Message);
    }

    [Fact]
    public void Should_name_the_missing_setting()
    {
        var e = Assert.Throws<SiteConfigException>(() => SiteMap.Parse(
            "peake.sites = [ { name = \"east\", longitude = 1, hospitals = [ ] } ]"));
        Assert.Equal("site 'east': 'latitude' is missing or empty", e.Message);
    }

    [Fact]
    public void Should_say_when_the_sites_are_not_a_list()
    {
        var e = Assert.Throws<SiteConfigException>(() => SiteMap.Parse("peake.sites { east { latitude = 1 } }"));
        Assert.Contains("must be a list", e.Message);
    }

    [Fact]
    public void Should_find_the_site_of_a_space_padded_calling_ae_title()
    {
        var map = SiteMap.Parse(Sites(SiteHocon("east", hospitals: HospitalHocon("CT_ONE")), SiteHocon("west", hospitals: HospitalHocon("MR_TWO"))));

        // PS3.8 9.3.2: AE titles travel space padded to 16 bytes.
        Assert.Equal("west", map.SiteOfAeTitle("MR_TWO          ")?.Name);
        Assert.Null(map.SiteOfAeTitle("UNKNOWN"));
    }

    [Fact]
    public void Should_explain_how_to_write_an_empty_hospital_list()
    {
        var e = Assert.Throws<SiteConfigException>(() => SiteMap.Parse(
            "peake.sites = [ { name = \"east\", latitude = 1, longitude = 1, hospitals = [] } ]"));
        Assert.Contains("[ ]", e.Message);
    }
}
