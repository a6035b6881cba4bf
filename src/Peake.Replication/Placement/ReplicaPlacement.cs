using System.Runtime.CompilerServices;
using Peake.Cluster.Sites;
using Peake.Replication.Nodes;

namespace Peake.Replication.Placement;

/// <summary>
/// Where new copies of a blob go (ADR 0026). Eligible nodes (not draining, room for the blob, not already holding it)
/// are ranked by the distance of their site from the blob's home site (the home site first, then the nearest, as
/// <see cref="NearestSites"/> orders them), then by free space, then by address so every node ranks alike. The best
/// are taken, except that the last slot is given to another site when everything chosen so far sits on one site and
/// another site has an eligible node: the full set spans two sites whenever two sites are live.
/// </summary>
public static class ReplicaPlacement
{
    private static readonly ConditionalWeakTable<SiteMap, NearestSites> Nearest = new();

    /// <summary>
    /// The nodes to copy to so that <paramref name="heldBy"/> plus the result reaches <paramref name="wanted"/> nodes;
    /// empty when the holders are enough. Fewer than needed when too few nodes are eligible.
    /// </summary>
    /// <param name="candidates">Live nodes, holders included (their sites are looked up here).</param>
    /// <param name="heldBy">Addresses of the nodes that already hold a good copy.</param>
    /// <param name="blobSize">A node with less free space than this is skipped.</param>
    /// <param name="spreadKey">The blob's hash: within a site, nodes with similar free space are ordered by a rendezvous
    /// hash of it, so blobs spread over them instead of all going to the same node until free space is next refreshed.</param>
    public static IReadOnlyList<NodeInfo> Choose(
        string homeSite,
        IReadOnlyCollection<NodeInfo> candidates,
        IReadOnlyCollection<string> heldBy,
        int wanted,
        SiteMap sites,
        long blobSize = 0,
        string? spreadKey = null)
    {
        var held = new HashSet<string>(heldBy, StringComparer.Ordinal);
        var needed = wanted - held.Count;
        if (needed <= 0)
            return [];
        var heldSites = candidates.Where(n => held.Contains(n.Address)).Select(n => n.Site).ToHashSet(StringComparer.Ordinal);
        var ranked = Rank(homeSite, candidates.Where(n => !held.Contains(n.Address) && !n.Draining && n.FreeBytes >= blobSize), sites, spreadKey)
            .DistinctBy(n => n.Address)
            .ToList();
        var chosen = new List<NodeInfo>(needed);
        foreach (var node in ranked)
        {
            if (chosen.Count == needed)
                break;
            var isLast = chosen.Count == needed - 1;
            // Everything so far on one site: the last slot goes to another site if one has an eligible node.
            if (isLast && heldSites.Count == 1 && heldSites.Contains(node.Site)
                && ranked.Any(n => n.Site != node.Site && !chosen.Contains(n)))
            {
                continue;
            }
            chosen.Add(node);
            heldSites.Add(node.Site);
        }
        return chosen;
    }

    /// <summary>
    /// Which of the holders to keep when a blob has too many copies: the ones placement would choose from scratch among
    /// them (home site first, two sites), so trimming never drops the home site or the second site.
    /// </summary>
    public static IReadOnlyList<NodeInfo> Keep(string homeSite, IReadOnlyCollection<NodeInfo> holders, int wanted, SiteMap sites) =>
        Choose(homeSite, holders.Select(h => h with { Draining = false, FreeBytes = long.MaxValue }).ToList(), [], wanted, sites)
            .Select(k => holders.First(h => h.Address == k.Address))
            .ToList();

    /// <summary>Nodes nearest to <paramref name="homeSite"/> first; an unknown home site ranks every site alike.</summary>
    public static IEnumerable<NodeInfo> Rank(string homeSite, IEnumerable<NodeInfo> nodes, SiteMap sites) => Rank(homeSite, nodes, sites, null);

    /// <summary>As <see cref="Rank(string, IEnumerable{NodeInfo}, SiteMap)"/>; with <paramref name="spreadKey"/>, the nodes
    /// of a site whose free space is within 10% of the site's most are ordered by a rendezvous hash of the key.</summary>
    public static IEnumerable<NodeInfo> Rank(string homeSite, IEnumerable<NodeInfo> nodes, SiteMap sites, string? spreadKey)
    {
        var order = Nearest.GetValue(sites, s => new NearestSites(s)).From(homeSite);
        int SiteRank(NodeInfo n)
        {
            for (var i = 0; i < order.Count; i++)
            {
                if (order[i] == n.Site)
                    return i;
            }
            return int.MaxValue;
        }
        var list = nodes.ToList();
        var most = list.GroupBy(n => n.Site).ToDictionary(g => g.Key, g => g.Max(n => n.FreeBytes));
        bool Roomiest(NodeInfo n) => spreadKey is not null && n.FreeBytes >= most[n.Site] - most[n.Site] / 10;
        return list
            .OrderBy(SiteRank)
            .ThenByDescending(Roomiest)
            .ThenBy(n => Roomiest(n) ? Rendezvous(spreadKey!, n.Address) : 0UL)
            .ThenByDescending(n => n.FreeBytes)
            .ThenBy(n => n.Address, StringComparer.Ordinal);
    }

    // FNV-1a of key and node: every node computes the same order, and each key prefers a different node.
    private static ulong Rendezvous(string key, string node)
    {
        var h = 14695981039346656037UL;
        foreach (var c in key)
            h = (h ^ c) * 1099511628211UL;
        h = (h ^ '|') * 1099511628211UL;
        foreach (var c in node)
            h = (h ^ c) * 1099511628211UL;
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        return h;
    }
}
