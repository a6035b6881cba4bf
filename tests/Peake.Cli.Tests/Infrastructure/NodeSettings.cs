namespace Peake.Cli.Tests.Infrastructure;

/// <summary>What a test node is started with (ports are picked free by NodeProcess).</summary>
internal sealed record NodeSettings(string Site, IReadOnlyList<string> Seeds, string DataRoot, string TokenFile, string? Hocon);
