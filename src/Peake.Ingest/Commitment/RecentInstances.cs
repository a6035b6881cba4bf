namespace Peake.Ingest.Commitment;

/// <summary>
/// The last C-STORE of each SOP instance on this gateway, by SOP Instance UID, for storage commitment: an N-ACTION
/// names SOP instances only (PS3.4 J.3.2), while the catalog is kept per study. A refused store is remembered too:
/// the modality still holds that version, and committing the SOP on the strength of an earlier version would let it
/// delete bytes the archive never kept. Bounded: the oldest are forgotten first, and an instance not (or no longer)
/// known here is reported failed (0112H), never committed on a guess (ADR 0025).
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

/// <summary>
/// The last store of a SOP instance here: where the catalog keeps it (its study and that study's home site as last
/// seen) and the hash of the bytes stored; or that the last store was refused (<paramref name="Refused"/>).
/// </summary>
internal sealed record StoredInstanceRef(string StudyInstanceUid, string HomeSite, string Hash, bool Refused = false)
{
    public static StoredInstanceRef RefusedStore(string studyInstanceUid) => new(studyInstanceUid, "", "", Refused: true);
}
