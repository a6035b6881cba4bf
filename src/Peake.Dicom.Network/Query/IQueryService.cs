namespace Peake.Dicom.Network.Query;

/// <summary>
/// Where a query/retrieve SCP finds its entities: the folder SCP's <see cref="InstanceIndex"/> or the cluster's read
/// model. A service only narrows; <see cref="QueryEngine"/> runs the exact PS3.4 C.2.2.2 matcher on every candidate
/// and builds the response identifier, so DIMSE and DICOMweb, SQLite and PostgreSQL all match the same way.
/// </summary>
public interface IQueryService
{
    /// <summary>
    /// The entities at the query's level that may match (a superset is fine, a subset is not), each as one data set
    /// holding its own attributes, those of the levels above it and the computed ones (ModalitiesInStudy,
    /// SOPClassesInStudy, Number of … Related …). Produced lazily: a C-CANCEL or a result limit stops the work.
    /// </summary>
    /// <exception cref="QueryFailedException">The source cannot answer (status and reason for the response).</exception>
    IAsyncEnumerable<DicomDataset> CandidatesAsync(CFindQuery query, QueryContext context, CancellationToken cancellationToken);

    /// <summary>The instances a C-GET / C-MOVE / WADO-RS identifier names (every one, not grouped).</summary>
    /// <exception cref="QueryFailedException">The source cannot answer.</exception>
    Task<IReadOnlyList<RetrieveItem>> ResolveAsync(CFindQuery query, QueryContext context, CancellationToken cancellationToken);
}
