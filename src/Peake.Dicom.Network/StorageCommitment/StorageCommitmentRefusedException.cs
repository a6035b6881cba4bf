namespace Peake.Dicom.Network.StorageCommitment;

/// <summary>The SCP answered the N-ACTION with a failure status (PS3.7 10.1.4.1.10): no report will follow.</summary>
public sealed class StorageCommitmentRefusedException : Exception
{
    public StorageCommitmentRefusedException(ushort status, string? errorComment)
        : base($"N-ACTION refused with status 0x{status:X4}{(string.IsNullOrEmpty(errorComment) ? "" : $" ({errorComment})")}")
    {
        Status = status;
        ErrorComment = errorComment;
    }

    public ushort Status { get; }

    public string? ErrorComment { get; }
}
