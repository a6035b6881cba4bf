namespace Peake.Dicom.Network.Query;

/// <summary>A C-FIND identifier that cannot be processed: its C-FIND-RSP status (PS3.4 C.4.1.1.4) and error comment.</summary>
public sealed class QueryFailedException : Exception
{
    public QueryFailedException()
    {
    }

    public QueryFailedException(string message)
        : base(message)
    {
    }

    public QueryFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public QueryFailedException(ushort status, string message)
        : base(message)
    {
        Status = status;
    }

    public ushort Status { get; } = Dimse.CFindStatus.UnableToProcess;
}
