using System.Buffers;
using System.Buffers.Binary;

namespace Peake.Dicom.Network.Association;

/// <summary>
/// Sends a data set from a stream as P-DATA-TF PDUs of one PDV each (PS3.8 9.3.5, Annex E), encoded in place in two
/// reused buffers, so memory stays bounded whatever the data set's size. It reads one piece ahead so the last can be
/// flagged (PS3.8 E.2). Pieces are even-length, as every encoded element is (PS3.5 7.1.1), and dcmtk refuses odd
/// fragments; a deflated data set, the one encoding whose byte count can be odd, gets one trailing 00H, as dcmtk's
/// own senders add.
/// </summary>
internal static class DataSetStreamer
{
    // PS3.8 9.3.5: PDU type, reserved, PDU length (4); then the PDV item: item length (4), context id, control header.
    private const int HeaderLength = 12;

    /// <summary>
    /// Hands each encoded PDU to <paramref name="sendPdu"/>, which must be done with the bytes before it returns and
    /// returns false to stop (the transport is gone).
    /// </summary>
    public static async Task SendAsync(
        Stream dataSet,
        AcceptedPresentationContext context,
        uint maxPduLength,
        Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask<bool>> sendPdu,
        CancellationToken cancellationToken)
    {
        var size = (int)Math.Min(PDataFragmenter.MaxDataPerPdv(maxPduLength), 1024 * 1024) & ~1;
        if (dataSet.CanSeek)
        {
            // A C-FIND identifier or a failed-UID list is a few hundred bytes: no need for two 256 KiB buffers.
            size = (int)Math.Min(size, Math.Max(2, (dataSet.Length - dataSet.Position + 2) & ~1L));
        }

        var pad = context.TransferSyntax == DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid;
        var current = ArrayPool<byte>.Shared.Rent(HeaderLength + size);
        var next = ArrayPool<byte>.Shared.Rent(HeaderLength + size);
        try
        {
            var currentLength = await ReadAsync(dataSet, current.AsMemory(HeaderLength, size), cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var nextLength = currentLength == size
                    ? await ReadAsync(dataSet, next.AsMemory(HeaderLength, size), cancellationToken).ConfigureAwait(false)
                    : 0;
                var isLast = nextLength == 0;
                if (isLast && pad && currentLength % 2 == 1)
                {
                    // Only a short last piece can be odd, so there is room for the pad.
                    current[HeaderLength + currentLength++] = 0;
                }

                WriteHeader(current, context.Id, currentLength, isLast);
                if (!await sendPdu(current.AsMemory(0, HeaderLength + currentLength), cancellationToken).ConfigureAwait(false) || isLast)
                {
                    return;
                }

                (current, next) = (next, current);
                currentLength = nextLength;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(current);
            ArrayPool<byte>.Shared.Return(next);
        }
    }

    /// <summary>
    /// Fills <paramref name="buffer"/> from the local source; a disk or permission failure there is ours, not the
    /// peer's, so it is told apart from a transport failure (<see cref="DataSetSourceException"/>).
    /// </summary>
    private static async ValueTask<int> ReadAsync(Stream dataSet, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await dataSet.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataSetSourceException(e);
        }
    }

    private static void WriteHeader(Span<byte> pdu, byte contextId, int dataLength, bool isLast)
    {
        pdu[0] = 0x04;
        pdu[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(pdu[2..], (uint)(dataLength + 6));
        BinaryPrimitives.WriteUInt32BigEndian(pdu[6..], (uint)(dataLength + 2));
        pdu[10] = contextId;
        // PS3.8 E.2: bit 0 clear = data set, bit 1 set = last fragment.
        pdu[11] = isLast ? (byte)0x02 : (byte)0x00;
    }
}
