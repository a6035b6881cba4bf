using Peake.Dicom.Network.Pdu;

namespace Peake.Dicom.Network.Association;

/// <summary>
/// Splits a command or data set into P-DATA-TF PDUs of one PDV each (PS3.8 9.3.5, Annex E). The max PDU length the
/// peer announced bounds the PDU's variable field, i.e. the PDV item with its 4-byte length and 2-byte header.
/// </summary>
public static class PDataFragmenter
{
    public static IEnumerable<PDataTransferPdu> Fragment(byte presentationContextId, bool isCommand, ReadOnlyMemory<byte> message, uint maxPduLength)
    {
        var maxData = MaxDataPerPdv(maxPduLength);
        var offset = 0;
        do
        {
            var length = Math.Min(maxData, message.Length - offset);
            var isLast = offset + length == message.Length;
            yield return new PDataTransferPdu([new PresentationDataValue(presentationContextId, isCommand, isLast, message.Slice(offset, length))]);
            offset += length;
        }
        while (offset < message.Length);
    }

    /// <summary>Data bytes that fit one PDV in a PDU of <paramref name="maxPduLength"/>.</summary>
    public static int MaxDataPerPdv(uint maxPduLength)
    {
        if (maxPduLength <= PduCodec.PdvHeaderLength)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPduLength), maxPduLength, "no room for PDV data");
        }
        return (int)Math.Min(maxPduLength - PduCodec.PdvHeaderLength, int.MaxValue);
    }
}
