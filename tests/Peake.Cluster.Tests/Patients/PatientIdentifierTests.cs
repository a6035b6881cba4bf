using CsCheck;
using Peake.Cluster.Patients;
using Peake.Cluster.Sharding;

namespace Peake.Cluster.Tests.Patients;

public sealed class PatientIdentifierTests
{
    [Fact]
    public void Should_trim_dicom_space_padding_so_two_sites_build_the_same_key()
    {
        var siteA = PatientIdentifier.Create("ST MARY ", " 00123 ", "X");
        var siteB = PatientIdentifier.Create("ST MARY", "00123", "Y");
        Assert.Equal(siteA, siteB);
        Assert.Equal(@"ST MARY\00123", siteA.Key);
        // Same key, same shard on every node: both first sights reach one identifier actor.
        Assert.Equal(SiteShardId.BucketOf(siteA.Key, 100), SiteShardId.BucketOf(siteB.Key, 100));
    }

    [Fact]
    public void Should_keep_case_because_lo_values_are_case_sensitive()
    {
        Assert.NotEqual(PatientIdentifier.Create("St Mary", "a1"), PatientIdentifier.Create("ST MARY", "a1"));
        Assert.NotEqual(PatientIdentifier.Create("H", "a1"), PatientIdentifier.Create("H", "A1"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("    ")]
    public void Given_no_issuer_When_created_Then_the_calling_hospitals_issuer_is_used(string? issuer)
    {
        var identifier = PatientIdentifier.Create(issuer, "123", " NORTH GENERAL ");
        Assert.Equal("NORTH GENERAL", identifier.Issuer);
        Assert.Equal("123", identifier.PatientId);
    }

    [Fact]
    public void Should_prefer_the_data_sets_issuer_over_the_callers()
    {
        Assert.Equal("LAB", PatientIdentifier.Create("LAB", "123", "NORTH").Issuer);
    }

    [Theory]
    [InlineData("H", "")]
    [InlineData("H", "   ")]
    [InlineData("H", null)]
    [InlineData("", "123")]
    [InlineData("H", @"12\3")]
    [InlineData(@"H\I", "123")]
    [InlineData("H", "12\n3")]
    [InlineData("H", "12\u001b3")]
    public void Should_refuse_what_lo_does_not_allow(string? issuer, string? patientId)
    {
        Assert.False(PatientIdentifier.TryCreate(issuer, patientId, "", out var identifier, out var error));
        Assert.Null(identifier);
        Assert.False(string.IsNullOrEmpty(error));
        Assert.Throws<ArgumentException>(() => PatientIdentifier.Create(issuer, patientId, ""));
    }

    [Fact]
    public void Should_allow_64_characters_and_refuse_65()
    {
        Assert.Equal(64, PatientIdentifier.Create("H", new string('9', 64)).PatientId.Length);
        Assert.False(PatientIdentifier.TryCreate(new string('I', 65), "1", "", out _, out var error));
        Assert.Contains("64", error, StringComparison.Ordinal);
        // Padding does not count: the trimmed value is what is stored.
        Assert.Equal(64, PatientIdentifier.Create("H", " " + new string('9', 64) + " ").PatientId.Length);
    }

    [Fact]
    public void Should_round_trip_the_key()
    {
        Gen.Select(Gen.String["ABCxyz019 .-^"], Gen.String["ABCxyz019 .-^"])
            .Where((i, p) => i.Trim(' ').Length is > 0 and <= 64 && p.Trim(' ').Length is > 0 and <= 64)
            .Sample((issuer, patientId) =>
            {
                var identifier = PatientIdentifier.Create(issuer, patientId);
                return PatientIdentifier.TryParseKey(identifier.Key, out var parsed) && parsed == identifier;
            });
    }

    [Theory]
    [InlineData("no-separator")]
    [InlineData(@"\123")]
    [InlineData(@"H\")]
    [InlineData(@" H\123")]
    [InlineData(@"H\1\2")]
    public void Should_not_parse_keys_it_did_not_make(string key)
    {
        Assert.False(PatientIdentifier.TryParseKey(key, out _));
    }
}
