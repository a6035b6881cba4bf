using System.Text.RegularExpressions;
using Peake.Node.Tests.Chaos;

namespace Peake.Node.Tests.Replication;

/// <summary>
/// A copy of the repository's cluster-config/ for one test cluster, with some hospitals' DICOM SCPs moved to ports of
/// the test's own on 127.0.0.1: the nodes take C-MOVE destinations from sites.conf only, and the .example hosts there
/// resolve nowhere. Everything else (sites, AE titles, common.conf) stays as the nodes would read it in production.
/// </summary>
internal static partial class TestClusterConfig
{
    /// <summary>Writes the copy into <paramref name="folder"/> and returns it.</summary>
    public static string Write(string folder, IReadOnlyDictionary<string, int> hospitalPorts)
    {
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(ClusterConfigFiles.Dir, "common.conf"), Path.Combine(folder, "common.conf"));
        var lines = File.ReadAllLines(Path.Combine(ClusterConfigFiles.Dir, "sites.conf"));
        var moved = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            var ae = AeTitle().Match(lines[i]);
            if (!ae.Success || !hospitalPorts.TryGetValue(ae.Groups[1].Value, out var port))
                continue;
            lines[i] = Port().Replace(Host().Replace(lines[i], "host = \"127.0.0.1\""), $"port = {port}");
            moved.Add(ae.Groups[1].Value);
        }
        Assert.True(moved.SetEquals(hospitalPorts.Keys), $"not hospitals of sites.conf: {string.Join(", ", hospitalPorts.Keys.Except(moved))}");
        File.WriteAllLines(Path.Combine(folder, "sites.conf"), lines);
        return folder;
    }

    [GeneratedRegex("ae-title = \"([^\"]+)\"")]
    private static partial Regex AeTitle();

    [GeneratedRegex("host = \"[^\"]*\"")]
    private static partial Regex Host();

    [GeneratedRegex(@"port = \d+")]
    private static partial Regex Port();
}
