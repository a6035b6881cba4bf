namespace Peake.Replication.Coordinator;

/// <summary>
/// The coordinator's belief of which node holds which blob: added by reports (<see cref="CopyAdded"/>), removed by
/// losses, and reconciled with each node's inventory. An inventory is a snapshot taken while reports keep arriving, so
/// a copy added after the snapshot began is not removed by it, and a copy lost after it began is not revived by it.
/// </summary>
internal sealed class CopyMap
{
    private readonly Dictionary<string, Dictionary<string, DateTime>> _byHash = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _byNode = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Hash, string Node), DateTime> _lost = [];

    public IEnumerable<string> Hashes => _byHash.Keys;

    public IReadOnlyCollection<string> HoldersOf(string hash) =>
        _byHash.TryGetValue(hash, out var nodes) ? nodes.Keys : [];

    public IReadOnlyCollection<string> HashesOn(string node) =>
        _byNode.TryGetValue(node, out var hashes) ? hashes : [];

    /// <summary>True when the copy is new to the map.</summary>
    public bool Add(string hash, string node, DateTime at)
    {
        _lost.Remove((hash, node));
        if (!_byHash.TryGetValue(hash, out var nodes))
            _byHash[hash] = nodes = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        var added = nodes.TryAdd(node, at);
        if (!added)
            nodes[node] = at;
        if (!_byNode.TryGetValue(node, out var hashes))
            _byNode[node] = hashes = new HashSet<string>(StringComparer.Ordinal);
        hashes.Add(hash);
        return added;
    }

    public bool Remove(string hash, string node, DateTime at)
    {
        _lost[(hash, node)] = at;
        return Forget(hash, node);
    }

    /// <summary>Forgets every copy of a node that is gone for good (its inventory is read again if it comes back).</summary>
    public void DropNode(string node)
    {
        foreach (var hash in HashesOn(node).ToList())
            Forget(hash, node);
        _byNode.Remove(node);
    }

    /// <summary>Makes the node's copies those of its inventory, taken from <paramref name="startedUtc"/> on.</summary>
    /// <returns>The hashes whose copy on the node was added or removed.</returns>
    public List<string> Reconcile(string node, DateTime startedUtc, IReadOnlySet<string> inventory)
    {
        var changed = new List<string>();
        foreach (var hash in HashesOn(node).ToList())
        {
            if (!inventory.Contains(hash) && _byHash[hash][node] < startedUtc)
            {
                Forget(hash, node);
                changed.Add(hash);
            }
        }
        foreach (var hash in inventory)
        {
            if (_lost.TryGetValue((hash, node), out var lostAt) && lostAt >= startedUtc)
                continue;
            if (!(_byHash.TryGetValue(hash, out var nodes) && nodes.ContainsKey(node)))
            {
                Add(hash, node, startedUtc);
                changed.Add(hash);
            }
        }
        return changed;
    }

    /// <summary>Forgets loss records older than <paramref name="before"/>: no inventory that old is still in flight.</summary>
    public void ExpireLosses(DateTime before)
    {
        foreach (var key in _lost.Where(p => p.Value < before).Select(p => p.Key).ToList())
            _lost.Remove(key);
    }

    private bool Forget(string hash, string node)
    {
        var removed = false;
        if (_byHash.TryGetValue(hash, out var nodes))
        {
            removed = nodes.Remove(node);
            if (nodes.Count == 0)
                _byHash.Remove(hash);
        }
        if (_byNode.TryGetValue(node, out var hashes))
            hashes.Remove(hash);
        return removed;
    }
}
