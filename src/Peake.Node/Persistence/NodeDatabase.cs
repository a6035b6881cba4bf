using Microsoft.Data.Sqlite;
using Peake.Cluster.Persistence;
using Peake.Node.Options;

namespace Peake.Node.Persistence;

/// <summary>
/// The journal database from --db and --db-connection. SQLite without a connection: <c>peake.db</c> under --data, which
/// suits a node alone; nodes of one cluster must share one database (make run passes the same SQLite file to all six,
/// a real cluster one PostgreSQL), or an entity that moves to another node would recover from an empty journal.
/// </summary>
internal static class NodeDatabase
{
    public const string SqliteFileName = "peake.db";

    public static JournalDatabase For(NodeOptions options) => options.Db switch
    {
        DatabaseKind.Sqlite => JournalDatabase.Sqlite(options.DbConnection is { } connection
            ? new SqliteConnectionStringBuilder(connection).DataSource
            : Path.Combine(options.DataDir, SqliteFileName)),
        _ => JournalDatabase.Postgres(options.DbConnection!),
    };
}
