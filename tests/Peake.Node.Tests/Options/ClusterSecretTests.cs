using Peake.Node.Options;

namespace Peake.Node.Tests.Options;

public sealed class ClusterSecretTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("peake-secret-").FullName;

    [Fact]
    public void Given_no_secret_file_When_loaded_Then_the_management_token_is_the_cluster_secret()
    {
        var options = NodeOptionsParser.Parse(["--site", "east"], _ => null);

        Assert.Equal("management-token-0123", ClusterSecret.Load(options, "management-token-0123"));
    }

    [Fact]
    public void Given_a_secret_file_When_loaded_Then_its_first_line_trimmed_is_the_secret()
    {
        var file = Write("secret", "  node-to-node-secret-42  \nsecond line\n");
        var options = NodeOptionsParser.Parse(["--site", "east", "--cluster-secret-file", file], _ => null);

        Assert.Equal("node-to-node-secret-42", ClusterSecret.Load(options, "management-token-0123"));
    }

    [Theory]
    [InlineData("short\n", "at least 16")]
    [InlineData("", "at least 16")]
    [InlineData(null, "cannot read")]
    public void Given_a_short_empty_or_missing_secret_file_When_loaded_Then_the_node_refuses_to_start(string? content, string mentions)
    {
        var file = content is null ? Path.Combine(_dir, "absent") : Write("secret", content);
        var options = NodeOptionsParser.Parse(["--site", "east", "--cluster-secret-file", file], _ => null);

        var e = Assert.Throws<NodeOptionsException>(() => ClusterSecret.Load(options, "management-token-0123"));

        Assert.Contains(mentions, e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
