using System.Runtime.CompilerServices;
using Peake.Dicom;
using Peake.Dicom.Network.Query;

namespace Peake.DicomWeb.Search;

/// <summary>
/// Stand-in for the library's coming <c>QueryEngine.FindAsync</c>: runs the synchronous exact matcher on one
/// candidate at a time as the service yields them, so a result limit stops the source early. Each candidate is one
/// entity of the level (the <see cref="IQueryService"/> contract), so matching it alone loses no grouping.
/// Replace with <c>QueryEngine.FindAsync</c> once it is in main.
/// </summary>
internal static class QueryEngineBridge
{
    public static async IAsyncEnumerable<(QueryEngine.Match Match, DicomDataset Candidate)> FindAsync(
        CFindQuery query,
        IAsyncEnumerable<DicomDataset> candidates,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var candidate in candidates.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            foreach (var match in QueryEngine.Find(query, [candidate]))
            {
                yield return (match, candidate);
            }
        }
    }
}
