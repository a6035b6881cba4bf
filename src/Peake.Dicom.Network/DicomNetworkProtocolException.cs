using Peake.Dicom.Network.Pdu;

namespace Peake.Dicom.Network;

/// <summary>
/// A peer broke the DICOM upper layer protocol (PS3.8): a malformed, oversized or unexpected PDU. <see cref="Reason"/> is what
/// the A-ABORT sent in answer carries (PS3.8 Table 9-26), so the peer learns why its association ended.
/// </summary>
public sealed class DicomNetworkProtocolException : Exception
{
    public DicomNetworkProtocolException(AbortReason reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    public DicomNetworkProtocolException()
        : this(AbortReason.NotSpecified, "DICOM upper layer protocol error")
    {
    }

    public DicomNetworkProtocolException(string message)
        : this(AbortReason.NotSpecified, message)
    {
    }

    public DicomNetworkProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = AbortReason.NotSpecified;
    }

    public AbortReason Reason { get; }
}
