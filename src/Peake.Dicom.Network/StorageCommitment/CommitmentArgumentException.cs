namespace Peake.Dicom.Network.StorageCommitment;

/// <summary>An N-ACTION's Action Information that cannot be acted on: answered with <see cref="Status"/>, not an abort.</summary>
internal sealed class CommitmentArgumentException(ushort status, string message) : Exception(message)
{
    public ushort Status { get; } = status;
}
