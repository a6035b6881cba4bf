namespace Peake.Dicom.Interop.Tests.Infrastructure;

/// <summary>Where the checkout is: the first directory above the test assembly holding PeakeCluster.sln.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    public static string Root => RootLazy.Value;

    public static string Scripts => Path.Combine(Root, "scripts");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PeakeCluster.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException($"no PeakeCluster.sln above {AppContext.BaseDirectory}");
    }
}
