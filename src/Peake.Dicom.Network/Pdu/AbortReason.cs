namespace Peake.Dicom.Network.Pdu;

/// <summary>PS3.8 Table 9-26, Reason/Diag. field of A-ABORT (3 is reserved).</summary>
public enum AbortReason : byte
{
    NotSpecified = 0,
    UnrecognizedPdu = 1,
    UnexpectedPdu = 2,
    UnrecognizedPduParameter = 4,
    UnexpectedPduParameter = 5,
    InvalidPduParameterValue = 6,
}
