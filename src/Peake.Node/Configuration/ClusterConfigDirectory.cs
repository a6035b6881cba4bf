using Peake.Node.Options;

namespace Peake.Node.Configuration;

/// <summary>
/// Where cluster-config/ is: --config-dir, else the copy next to the binary (the build puts it there), else the
/// repository's own folder above the working directory (running from a checkout).
/// </summary>
internal static class ClusterConfigDirectory
{
    public const string CommonFile = "common.conf";
    public const string SitesFile = "sites.conf";

    public static string Find(string? configDir)
    {
        if (configDir is not null)
            return HasFiles(configDir) ? configDir : throw Missing(configDir);
        var besideBinary = Path.Combine(AppContext.BaseDirectory, "cluster-config");
        if (HasFiles(besideBinary))
            return besideBinary;
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "cluster-config");
            if (HasFiles(candidate))
                return candidate;
        }
        throw new NodeOptionsException($"no cluster-config/ with {CommonFile} and {SitesFile} found: pass --config-dir");
    }

    private static bool HasFiles(string dir) =>
        File.Exists(Path.Combine(dir, CommonFile)) && File.Exists(Path.Combine(dir, SitesFile));

    private static NodeOptionsException Missing(string dir) =>
        new($"--config-dir '{dir}' must hold {CommonFile} and {SitesFile}");
}
