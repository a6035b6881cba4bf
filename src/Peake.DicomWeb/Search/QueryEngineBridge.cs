using System.Runtime.CompilerServices;
using Peake.Dicom;
using Peake.Dicom.Network.Query;

namespace Peake.DicomWeb.Search;

/// <summary>
/// The library's exact matcher (<see cref="QueryEngine.FindAsync"/>) run on one candidate at a time, so a QIDO answer
/// can also use the candidate's other attributes (the required return attributes of its level) and a result limit
/// stops the source early. Each candidate is one entity of the level (the <see cref="IQueryService"/> contract).
/// </summary>
internal static class QueryEngineBridge
{
    public static async IAsyncEnumerable<(QueryEngine.Match Match, DicomDataset Candidate)> FindAsync(
        CFindQuery query,
        IAsyncEnumerable<DicomDataset> candidates,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var candidate in candidates.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (!seen.Add(candidate.GetString(query.LevelKey) ?? ""))
            {
                continue;
            }
            await foreach (var match in QueryEngine.FindAsync(query, One(candidate), cancellationToken).ConfigureAwait(false))
            {
                yield return (match, candidate);
            }
        }
    }

    private static async IAsyncEnumerable<DicomDataset> One(DicomDataset candidate)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield return candidate;
    }
}
