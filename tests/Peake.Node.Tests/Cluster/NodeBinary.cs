namespace Peake.Node.Tests.Cluster;

/// <summary>
/// The peake-node executable built from src/Peake.Node in the same configuration as these tests (the test project
/// references it, so it is built first). Found from the test assembly's folder: bin/{Configuration}/{tfm}/.
/// </summary>
internal static class NodeBinary
{
    public static string Path { get; } = Locate();

    private static string Locate()
    {
        var testDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        var tfm = testDir.Name;
        var configuration = testDir.Parent?.Name ?? "Release";
        for (var dir = testDir; dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(System.IO.Path.Combine(dir.FullName, "PeakeCluster.sln")))
                continue;
            var exe = System.IO.Path.Combine(dir.FullName, "src", "Peake.Node", "bin", configuration, tfm, "peake-node");
            return File.Exists(exe) ? exe : throw new FileNotFoundException($"build src/Peake.Node ({configuration}) first", exe);
        }
        throw new DirectoryNotFoundException($"no PeakeCluster.sln above {testDir.FullName}");
    }
}
