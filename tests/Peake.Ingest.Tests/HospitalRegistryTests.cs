using Peake.Ingest.Tests.Harness;

namespace Peake.Ingest.Tests;

public sealed class HospitalRegistryTests
{
    private readonly HospitalRegistry _registry = new(IngestTestCluster.Sites);

    [Fact]
    public void Given_the_site_map_When_a_calling_AE_is_looked_up_Then_its_hospital_and_site_come_back_padding_ignored()
    {
        var found = _registry.Find("HOSP_B  ");

        Assert.Equal(("Hospital B", "b", "HOSP_B"), (found!.Hospital.Name, found.Site, found.DefaultIssuer));
        Assert.True(_registry.IsKnown("HOSP_C"));
    }

    [Theory]
    [InlineData("STRANGER")]
    [InlineData("hosp_a")]
    [InlineData("")]
    public void Given_an_AE_no_site_declares_When_looked_up_Then_it_is_unknown(string ae)
    {
        Assert.Null(_registry.Find(ae));
        Assert.False(_registry.IsKnown(ae));
    }

    [Fact]
    public void Given_the_hospitals_Then_each_is_a_report_destination_at_its_declared_address()
    {
        var destinations = _registry.ReportDestinations();

        Assert.Equal(["HOSP_A", "HOSP_B", "HOSP_C"], destinations.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("127.0.0.1", 1), (destinations["HOSP_A"].Host, destinations["HOSP_A"].Port));
    }
}
