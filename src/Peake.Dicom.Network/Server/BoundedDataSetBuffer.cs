using Peake.Dicom.Network.Association;

namespace Peake.Dicom.Network.Server;

/// <summary>
/// A small data set taken whole before it is read (a C-FIND, C-GET or C-MOVE identifier, storage commitment
/// information). Past its bound the bytes are dropped rather than buffered and the request gets
/// the too-long refusal; either way the rest is drained, so the request is answered once its last fragment is in and
/// the association carries on.
/// </summary>
internal sealed class BoundedDataSetBuffer(int maxLength, ushort tooLongStatus, string tooLongComment)
{
    private readonly MemoryStream _data = new();

    /// <summary>Why the request is refused instead of served, once that is known; the first reason given stands.</summary>
    public (ushort Status, string Comment)? Refusal { get; private set; }

    /// <summary>The bytes taken so far (none once refused).</summary>
    public ReadOnlyMemory<byte> Data => _data.GetBuffer().AsMemory(0, (int)_data.Length);

    /// <summary>The bytes taken, to be read once whole.</summary>
    public Stream OpenRead() => new MemoryStream(_data.GetBuffer(), 0, (int)_data.Length, writable: false);

    /// <summary>Refuses the request for a reason known before its data set is in (its SOP class, a resource limit).</summary>
    public void Refuse(ushort status, string comment) => Refusal ??= (status, comment);

    /// <summary>Takes one fragment; true when it was the last, so the data set is whole (or refused).</summary>
    public bool Take(PDataFragment fragment)
    {
        if (Refusal is null && _data.Length + fragment.Data.Length > maxLength)
        {
            _data.SetLength(0);
            _data.Capacity = 0;
            Refusal = (tooLongStatus, tooLongComment);
        }

        if (Refusal is null)
        {
            _data.Write(fragment.Data.Span);
        }

        return fragment.IsLast;
    }
}
