namespace Peake.Transfer;

/// <summary>A blob could not be moved between nodes; <see cref="Exception.Message"/> says why, <see cref="Failure"/> classifies it.</summary>
public sealed class BlobTransferException : Exception
{
    public BlobTransferException(BlobTransferFailure failure, string message, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
    }

    public BlobTransferFailure Failure { get; }
}
