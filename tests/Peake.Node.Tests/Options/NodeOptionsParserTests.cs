using Peake.Node.Options;

namespace Peake.Node.Tests.Options;

public sealed class NodeOptionsParserTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] values) => FakeEnvironment.Of(values);

    [Fact]
    public void Given_flags_When_parsed_Then_every_value_is_read_and_seeds_repeat()
    {
        var o = NodeOptionsParser.Parse(
            ["--site", "east", "--host", "127.0.0.3", "--remoting-port", "4053", "--http-port=8558", "--dicom-port", "11112",
             "--seed", "akka.tcp://peake@127.0.0.2:4053", "--seed", "akka.tcp://peake@127.0.0.3:4053", "--data", "/d",
             "--db", "postgres", "--db-connection", "Host=x", "--config-dir", "/c", "--token-file", "/t", "--hocon", "a = 1"],
            Env());

        Assert.Equal(
            new NodeOptions("east", "127.0.0.3", 4053, 8558, 11112,
                ["akka.tcp://peake@127.0.0.2:4053", "akka.tcp://peake@127.0.0.3:4053"], "/d", DatabaseKind.Postgres,
                "Host=x", "/c", "/t", ["a = 1"]) { Ingest = IngestFlags.For("east") },
            o,
            new OptionsComparer());
        Assert.Equal("akka.tcp://peake@127.0.0.3:4053", o.SelfAddress);
    }

    [Fact]
    public void Given_environment_only_When_parsed_Then_PEAKE_variables_are_used_and_flags_win_over_them()
    {
        var env = Env(("PEAKE_SITE", "west"), ("PEAKE_HTTP_PORT", "9000"), ("PEAKE_SEED", "s1, s2"), ("PEAKE_DB", "SQLite"));

        var fromEnv = NodeOptionsParser.Parse([], env);
        var flagWins = NodeOptionsParser.Parse(["--site", "east"], env);

        Assert.Equal("west", fromEnv.Site);
        Assert.Equal(9000, fromEnv.HttpPort);
        Assert.Equal(["s1", "s2"], fromEnv.Seeds);
        Assert.Equal(DatabaseKind.Sqlite, fromEnv.Db);
        Assert.Equal("east", flagWins.Site);
        Assert.Equal(4053, fromEnv.RemotingPort);
    }

    [Theory]
    [InlineData(new[] { "--host", "x" }, "--site")]
    [InlineData(new[] { "--site", "east", "--http-port", "70000" }, "--http-port")]
    [InlineData(new[] { "--site", "east", "--remoting-port", "-1" }, "--remoting-port")]
    [InlineData(new[] { "--site", "east", "--db", "oracle" }, "oracle")]
    [InlineData(new[] { "--site", "east", "--db", "postgres" }, "--db-connection")]
    [InlineData(new[] { "--site", "east", "--colour", "blue" }, "--colour")]
    [InlineData(new[] { "--site", "east", "--site", "west" }, "twice")]
    [InlineData(new[] { "--site" }, "needs a value")]
    [InlineData(new[] { "east" }, "unexpected argument")]
    public void Given_bad_flags_When_parsed_Then_the_message_names_the_problem(string[] args, string mentions)
    {
        var e = Assert.Throws<NodeOptionsException>(() => NodeOptionsParser.Parse(args, Env()));
        Assert.Contains(mentions, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flag_names_map_to_upper_snake_environment_names() =>
        Assert.Equal("PEAKE_DB_CONNECTION", NodeOptionsParser.EnvName("db-connection"));

    // Records compare lists by reference; compare them by content.
    private sealed class OptionsComparer : IEqualityComparer<NodeOptions>
    {
        private static readonly string[] None = [];

        public bool Equals(NodeOptions? x, NodeOptions? y) =>
            x is not null && y is not null
            && x.Seeds.SequenceEqual(y.Seeds) && x.HoconOverrides.SequenceEqual(y.HoconOverrides)
            && x with { Seeds = None, HoconOverrides = None } == y with { Seeds = None, HoconOverrides = None };

        public int GetHashCode(NodeOptions obj) => obj.Site.GetHashCode(StringComparison.Ordinal);
    }
}
