namespace Peake.Cluster.Persistence;

/// <summary>Is the journal's database answering? For <c>/ready</c>: a node that cannot persist must not take traffic.</summary>
public static class JournalHealth
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    public static async Task<bool> JournalReachableAsync(JournalDatabase database, CancellationToken cancellationToken) =>
        await JournalReachableAsync(database, DefaultTimeout, cancellationToken);

    public static async Task<bool> JournalReachableAsync(
        JournalDatabase database, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            await using var connection = database.CreateConnection(timeout);
            await connection.OpenAsync(bounded.Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            return Convert.ToInt32(await command.ExecuteScalarAsync(bounded.Token), System.Globalization.CultureInfo.InvariantCulture) == 1;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (System.Data.Common.DbException)
        {
            return false;
        }
    }
}
