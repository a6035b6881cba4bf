namespace Peake.Dicom.Network.Server;

/// <summary>
/// Message ids of the requests the acceptor itself issues on one association: C-GET's C-STORE sub-operations and
/// storage commitment N-EVENT-REPORTs. PS3.7 9.1.1.1: a message id is unique among the sender's outstanding requests
/// on the association, so both draw from this one counter (1 to 65535, then around again).
/// </summary>
internal sealed class OutgoingMessageIds
{
    private ushort _next = 1;

    public ushort Next()
    {
        var id = _next;
        _next = _next == ushort.MaxValue ? (ushort)1 : (ushort)(_next + 1);
        return id;
    }
}
