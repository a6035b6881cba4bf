namespace Peake.Dicom.Network.Server;

/// <summary>
/// Counts associations being negotiated or established. A slot is taken when an A-ASSOCIATE-RQ has arrived, not when
/// a socket connects, so connections that never speak (bounded by ARTIM) cannot crowd out real peers.
/// </summary>
internal sealed class AssociationSlots(int capacity)
{
    private int _used;

    public int Used => Volatile.Read(ref _used);

    public bool TryAcquire()
    {
        if (Interlocked.Increment(ref _used) <= capacity)
        {
            return true;
        }
        Interlocked.Decrement(ref _used);
        return false;
    }

    public void Release() => Interlocked.Decrement(ref _used);
}
