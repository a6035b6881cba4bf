using Peake.Management.Health;
using Peake.Query.Projection;
using Peake.Query.Schema;

namespace Peake.Node.Query;

/// <summary>
/// /ready's "query-projection": how far the read model is behind the journal, measured from the shared database on
/// every node (wherever the projection singleton runs). A node whose C-FIND would miss more than
/// <see cref="MaxEvents"/> stored instances, or instances older than <see cref="MaxAge"/>, is not ready to answer queries.
/// </summary>
internal sealed class QueryProjectionCheck(ReadModelDatabase database, TimeProvider time) : IReadyCheck
{
    public const long MaxEvents = 10_000;
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    public string Name => "query-projection";

    public async Task<string?> FailureAsync(CancellationToken cancellationToken)
    {
        ProjectionLag lag;
        try
        {
            lag = await ProjectionLag.MeasureAsync(database, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or IOException)
        {
            return $"the read model's lag cannot be measured: {e.Message}";
        }
        return lag.Events > MaxEvents || lag.Age > MaxAge
            ? $"the read model is {lag.Events} instances ({lag.Age.TotalSeconds:F0} s) behind the catalog"
            : null;
    }
}
