using Peake.Cluster.Patients;

namespace Peake.Cluster.Tests.Patients;

public sealed class MasterPatientIdTests
{
    [Fact]
    public void Should_spell_an_id_as_32_lower_case_hex_digits_and_parse_it_back()
    {
        var guid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        var id = MasterPatientId.From(guid);
        Assert.Equal("0f8fad5bd9cb469fa16570867728950e", id.Value);
        Assert.Equal(id, MasterPatientId.Parse(id.Value));
    }

    [Fact]
    public void Should_mint_different_ids()
    {
        Assert.NotEqual(MasterPatientId.NewId(), MasterPatientId.NewId());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0F8FAD5BD9CB469FA16570867728950E")]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e")]
    [InlineData("0f8fad5bd9cb469fa16570867728950")]
    [InlineData("0f8fad5bd9cb469fa16570867728950g")]
    public void Should_refuse_every_other_spelling_so_one_person_is_one_entity(string? text)
    {
        Assert.False(MasterPatientId.TryParse(text, out _));
        if (text is not null)
            Assert.Throws<FormatException>(() => MasterPatientId.Parse(text));
    }
}
