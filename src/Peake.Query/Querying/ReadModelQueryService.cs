using System.Runtime.CompilerServices;
using Peake.Dicom;
using Peake.Dicom.Network.Query;
using Peake.Query.Schema;

namespace Peake.Query.Querying;

/// <summary>
/// C-FIND / QIDO-RS candidates and C-GET / C-MOVE / WADO-RS instances from the read model (BRIEF6 2.8). SQL only narrows:
/// a prefilter built from the keys that have columns (<see cref="Prefilter"/>, always a superset of the matches), read
/// in keyset pages so a C-CANCEL or a result limit stops the database work; each row becomes one data set of its own
/// attributes, those of the levels above and the computed ones (<see cref="CandidateReader"/>). The library's exact
/// matcher then decides, identically on SQLite and PostgreSQL.
/// </summary>
public sealed class ReadModelQueryService(ReadModelDatabase database, int pageSize = 200) : IQueryService
{
    public async IAsyncEnumerable<DicomDataset> CandidatesAsync(CFindQuery query, QueryContext context,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = Prefilter.Build(query.Level, query.Identifier, query.CombinedDateTime, database.IsSqlite);
        await foreach (var row in CandidateReader.ReadAsync(database, query.Level, filter, pageSize, cancellationToken).ConfigureAwait(false))
            yield return row.Dataset;
    }

    public async Task<IReadOnlyList<RetrieveItem>> ResolveAsync(CFindQuery query, QueryContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        // Every instance under the named entities: the identifier's keys, applied at the instance level.
        var filter = Prefilter.Build(QueryLevel.Image, query.Identifier, query.CombinedDateTime, database.IsSqlite);
        var items = new List<RetrieveItem>();
        await foreach (var row in CandidateReader.ReadAsync(database, QueryLevel.Image, filter, pageSize, cancellationToken).ConfigureAwait(false))
        {
            if (QueryEngine.Retrieve(query, [row.Dataset]).Any())
                items.Add(row.Item!);
        }
        return items;
    }
}
