using Peake.Node.Tests.Chaos;

namespace Peake.Node.Tests.Replication;

/// <summary>The calling AE titles of the hospitals registered in sites.conf: what decides an instance's home site.</summary>
internal static class Hospitals
{
    public static IReadOnlyList<string> Of(string site) => [.. ClusterConfigFiles.Sites[site].Hospitals.Select(h => h.AeTitle)];

    public static string SiteOf(string aeTitle) =>
        ClusterConfigFiles.Sites.SiteOfAeTitle(aeTitle)?.Name ?? throw new ArgumentException($"{aeTitle} is no registered hospital");

    /// <summary>The first hospital of each of the given sites.</summary>
    public static IReadOnlyList<string> FirstOf(params string[] sites) => [.. sites.Select(s => Of(s)[0])];
}
