namespace Peake.Cli.Tests.Infrastructure;

/// <summary>The checkout the tests run from: the nearest folder above the test binaries holding PeakeCluster.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>The build configuration of the test binaries (bin/CONFIG/net10.0), which scripts must use too.</summary>
    public static string Configuration => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "PeakeCluster.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no PeakeCluster.sln above {AppContext.BaseDirectory}");
    }
}
