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
    private volatile string? _detail;

    public const long MaxEvents = 10_000;
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    public string Name => "query-projection";

    /// <summary>The lag last measured, shown in /ready's details while the node is ready too.</summary>
    public string? Detail => _detail;

    public async Task<string?> FailureAsync(CancellationToken cancellationToken)
    {
        ProjectionLag lag;
        try
        {
            lag = await ProjectionLag.MeasureAsync(database, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or IOException)
        {
            _detail = null;
            return $"the read model's lag cannot be measured: {e.Message}";
        }
        var behind = $"the read model is {lag.Events} instances ({lag.Age.TotalSeconds:F0} s) behind the catalog";
        _detail = behind;
        return lag.Events > MaxEvents || lag.Age > MaxAge ? behind : null;
    }
}
