using Npgsql;
using Peake.Cluster.Persistence;
using Peake.Cluster.Tests.Persistence;

namespace Peake.Query.Tests.Harness;

/// <summary>
/// One real PostgreSQL (<see cref="PrivatePostgres"/>, scripts/postgres.sh) for the whole test run, started on first
/// use; each test gets a database of its own on it, so journals and read models never mix.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private PrivatePostgres? _server;
    private int _databases;

    public async Task InitializeAsync() => _server = await PrivatePostgres.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }

    public async Task<JournalDatabase> NewDatabaseAsync()
    {
        var name = $"t{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..20];
        await using (var connection = new NpgsqlConnection(_server!.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE {name}";
            await command.ExecuteNonQueryAsync();
        }
        return JournalDatabase.Postgres(new NpgsqlConnectionStringBuilder(_server.Database.ConnectionString) { Database = name }.ConnectionString);
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
