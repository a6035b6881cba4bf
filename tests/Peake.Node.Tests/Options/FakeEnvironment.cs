namespace Peake.Node.Tests.Options;

/// <summary>An environment of the test's choosing for the options parser: the named variables, nothing else.</summary>
internal static class FakeEnvironment
{
    public static Func<string, string?> Of(params (string Key, string Value)[] values) =>
        key => values.FirstOrDefault(v => v.Key == key).Value;
}
