using Peake.Dicom.Network.Pdu;

namespace Peake.Dicom.Network.Client;

/// <summary>The association ended without a release: the peer sent an A-ABORT (<see cref="Abort"/>) or closed the connection (null).</summary>
public sealed class DicomAssociationAbortedException : Exception
{
    public DicomAssociationAbortedException(AbortPdu? abort, string message)
        : base(message)
    {
        Abort = abort;
    }

    public DicomAssociationAbortedException()
        : this(null, "association aborted")
    {
    }

    public DicomAssociationAbortedException(string message)
        : this(null, message)
    {
    }

    public DicomAssociationAbortedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AbortPdu? Abort { get; }
}
