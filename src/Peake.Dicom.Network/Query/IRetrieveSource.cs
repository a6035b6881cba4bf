namespace Peake.Dicom.Network.Query;

/// <summary>Where a retrieve reads an instance's bytes: a local folder, or the cluster's nearest healthy copy.</summary>
public interface IRetrieveSource
{
    /// <summary>
    /// The instance's stored Part 10 file (preamble, File Meta, data set), readable to the end with the stored bytes
    /// only; null when no copy can be read (the sub-operation fails, the retrieve goes on).
    /// </summary>
    Task<Stream?> OpenAsync(RetrieveItem item, QueryContext context, CancellationToken cancellationToken);
}
