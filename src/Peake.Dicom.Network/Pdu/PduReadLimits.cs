namespace Peake.Dicom.Network.Pdu;

/// <summary>
/// How large a PDU the decoder accepts, checked from the 6-byte header before any of the body is buffered.
/// <see cref="MaxDataTransferLength"/> is the max PDU length this side advertised (PS3.8 D.1); association PDUs
/// have their own cap because a request with 128 presentation contexts is legitimately much bigger than its P-DATA.
/// </summary>
public sealed record PduReadLimits(uint MaxDataTransferLength = PduReadLimits.DefaultMaxDataTransferLength, uint MaxAssociatePduLength = PduReadLimits.DefaultMaxAssociatePduLength)
{
    public const uint DefaultMaxDataTransferLength = 256 * 1024;

    public const uint DefaultMaxAssociatePduLength = 128 * 1024;

    public static PduReadLimits Default { get; } = new();
}
