using Peake.Cluster.Persistence;

namespace Peake.Cluster.Tests.Persistence;

public sealed class JournalHealthTests
{
    [Fact]
    public async Task Given_a_prepared_SQLite_journal_When_checked_Then_it_is_reachable_and_in_WAL_mode()
    {
        using var folder = new TempFolder();
        var database = JournalDatabase.Sqlite(folder.File("db/journal.db"));

        await database.PrepareAsync(CancellationToken.None);

        Assert.True(await JournalHealth.JournalReachableAsync(database, CancellationToken.None));
        Assert.True(File.Exists(folder.File("db/journal.db")));
        await using var connection = database.CreateConnection(TimeSpan.FromSeconds(3));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Given_a_missing_SQLite_file_When_checked_Then_it_is_unreachable_and_not_created()
    {
        using var folder = new TempFolder();
        var database = JournalDatabase.Sqlite(folder.File("missing.db"));

        Assert.False(await JournalHealth.JournalReachableAsync(database, CancellationToken.None));
        Assert.False(File.Exists(folder.File("missing.db")));
    }

    [Fact]
    public async Task Given_PostgreSQL_up_then_stopped_When_checked_Then_reachable_only_while_up()
    {
        var postgres = await PrivatePostgres.StartAsync();
        var database = postgres.Database;
        try
        {
            Assert.True(await JournalHealth.JournalReachableAsync(database, CancellationToken.None));
        }
        finally
        {
            await postgres.DisposeAsync();
        }

        Assert.False(await JournalHealth.JournalReachableAsync(database, TimeSpan.FromSeconds(2), CancellationToken.None));
    }

    [Fact]
    public void Given_a_connection_string_with_quotes_and_backslashes_When_turned_into_HOCON_Then_it_reads_back_unchanged()
    {
        var database = JournalDatabase.Postgres("Host=127.0.0.1;Port=5432;Username=postgres;Password='a\\\"b=c';Database=peake");

        var config = PersistenceHocon.For(database);

        Assert.Equal(database.ConnectionString, config.GetString("akka.persistence.journal.sql.connection-string"));
        Assert.Equal(database.ConnectionString, config.GetString("akka.persistence.snapshot-store.sql.connection-string"));
        Assert.Equal(database.ConnectionString, config.GetString("akka.persistence.query.journal.sql.connection-string"));
        Assert.Equal("PostgreSQL.15", config.GetString("akka.persistence.journal.sql.provider-name"));
        Assert.Equal("akka.persistence.journal.sql", config.GetString("akka.persistence.journal.plugin"));
        Assert.Equal("TagTable", config.GetString("akka.persistence.journal.sql.tag-write-mode"));
        Assert.Equal("off", config.GetString("akka.persistence.journal.sql.replay-filter.mode"));
    }

    [Fact]
    public void Given_SQLite_When_configured_Then_one_writer_per_node()
    {
        var config = PersistenceHocon.For(JournalDatabase.Sqlite("journal.db"));

        Assert.Equal(1, config.GetInt("akka.persistence.journal.sql.parallelism"));
        Assert.Equal("SQLite.MS", config.GetString("akka.persistence.journal.sql.provider-name"));
    }
}
