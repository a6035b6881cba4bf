using CsCheck;
using Peake.Cluster.Patients;
using Peake.Cluster.Sites;

namespace Peake.Cluster.Tests.Patients;

public sealed class IdentifierHomeTests
{
    private static readonly Site[] Declared =
    [
        new("east", 40, -74, [new Hospital("North General", "NORTHGEN", "n.example", 104)]),
        new("west", 37, -122, [new Hospital("Bay Clinic", "BAYCLINIC", "b.example", 104)]),
        new("central", 41, -87, []),
    ];

    private static readonly SiteMap Sites = new(Declared);

    [Fact]
    public void Should_home_a_hospitals_own_mrns_at_its_site()
    {
        Assert.Equal("west", IdentifierHome.SiteFor(PatientIdentifier.Create("", "42", "BAYCLINIC"), Sites));
        Assert.Equal("east", IdentifierHome.SiteFor(PatientIdentifier.Create("NORTHGEN", "42"), Sites));
    }

    [Fact]
    public void Should_home_other_issuers_on_a_declared_site_whatever_the_order_of_the_configuration()
    {
        var reversed = new SiteMap(Declared.Reverse());
        Gen.String["ABCDEFGH0123 "].Where(s => s.Trim(' ').Length is > 0 and <= 64).Sample(id =>
        {
            var identifier = PatientIdentifier.Create("ST MARY", id);
            var home = IdentifierHome.SiteFor(identifier, Sites);
            return home == IdentifierHome.SiteFor(identifier, reversed) && Declared.Any(s => s.Name == home);
        });
    }

    [Fact]
    public void Should_spread_other_issuers_over_every_site()
    {
        var homes = Enumerable.Range(0, 300)
            .Select(i => IdentifierHome.SiteFor(PatientIdentifier.Create("ST MARY", $"MRN{i}"), Sites))
            .ToHashSet();
        Assert.Equal(3, homes.Count);
    }
}
