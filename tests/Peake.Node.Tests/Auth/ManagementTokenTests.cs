using Peake.Management.Auth;

namespace Peake.Node.Tests.Auth;

public sealed class ManagementTokenTests
{
    private const string Secret = "0123456789abcdef-secret";

    [Theory]
    [InlineData("Bearer " + Secret, true)]
    [InlineData("bearer " + Secret, true)]
    [InlineData("Bearer  " + Secret + " ", true)]
    [InlineData("Bearer " + Secret + "x", false)]
    [InlineData("Bearer " + "0123456789abcdef-secreT", false)]
    [InlineData("Basic " + Secret, false)]
    [InlineData(Secret, false)]
    [InlineData("Bearer ", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Accepts_only_the_bearer_token(string? header, bool accepted) =>
        Assert.Equal(accepted, new ManagementToken(Secret).Accepts(header));

    [Fact]
    public void Refuses_a_short_token() =>
        Assert.Throws<ArgumentException>(() => new ManagementToken("short"));

    [Fact]
    public void Never_shows_the_token_as_text() =>
        Assert.DoesNotContain(Secret, new ManagementToken(Secret).ToString(), StringComparison.Ordinal);
}
