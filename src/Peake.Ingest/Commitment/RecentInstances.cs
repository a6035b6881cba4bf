namespace Peake.Ingest.Commitment;

/// <summary>
/// The instances this gateway stored, by SOP Instance UID, for storage commitment: an N-ACTION names SOP instances
/// only (PS3.4 J.3.2), while the catalog is kept per study. Bounded: the oldest are forgotten first, and an instance
/// not (or no longer) known here is reported failed (0112H), never committed on a guess (ADR 0025).
/// </summary>
internal sealed class RecentInstances(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<(string Sop, StoredInstanceRef Ref)>> _bySop = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Sop, StoredInstanceRef Ref)> _order = new();

    public void Remember(string sopInstanceUid, StoredInstanceRef stored)
    {
        lock (_gate)
        {
            if (_bySop.Remove(sopInstanceUid, out var old))
                _order.Remove(old);
            _bySop[sopInstanceUid] = _order.AddLast((sopInstanceUid, stored));
            while (_order.Count > capacity)
            {
                _bySop.Remove(_order.First!.Value.Sop);
                _order.RemoveFirst();
            }
        }
    }

    public StoredInstanceRef? Find(string sopInstanceUid)
    {
        lock (_gate)
            return _bySop.TryGetValue(sopInstanceUid, out var node) ? node.Value.Ref : null;
    }
}

/// <summary>Where the catalog keeps a stored instance: its study (and that study's home site as last seen).</summary>
internal sealed record StoredInstanceRef(string StudyInstanceUid, string HomeSite);
