using Akka.Configuration;
using Akka.Persistence.Sql;
using Peake.Node.Options;
using static Peake.Node.Configuration.NodeConfig;

namespace Peake.Node.Persistence;

/// <summary>
/// Journal and snapshot store on Akka.Persistence.Sql (its Hosting package is not served, so HOCON). SQLite: one
/// file per node under --data, one writer (SQLite serialises writers even in WAL mode; parallelism above 1 only
/// queues on its lock). PostgreSQL: the database in --db-connection, shared by the cluster. Tables are created on
/// first use; tags go to their own table (fast tag queries for projections).
/// </summary>
internal static class PersistenceConfig
{
    public const string SqliteFileName = "peake.db";

    public static Config For(NodeOptions options)
    {
        var (provider, connection, parallelism) = options.Db switch
        {
            DatabaseKind.Sqlite => ("SQLite.MS", options.DbConnection ?? SqliteConnection(options.DataDir), 1),
            _ => ("PostgreSQL.15", options.DbConnection!, 4),
        };
        var c = Quote(connection);
        var p = Quote(provider);
        return ConfigurationFactory.ParseString($$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql { connection-string = {{c}}, provider-name = {{p}}, parallelism = {{parallelism}},
                      auto-initialize = on, tag-write-mode = TagTable }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql { connection-string = {{c}}, provider-name = {{p}}, auto-initialize = on }
              }
              query.journal.sql { connection-string = {{c}}, provider-name = {{p}},
                                  write-plugin = "akka.persistence.journal.sql", tag-read-mode = TagTable }
            }
            """).WithFallback(SqlPersistence.DefaultConfiguration);
    }

    private static string SqliteConnection(string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        return $"Data Source={Path.Combine(Path.GetFullPath(dataDir), SqliteFileName)}";
    }
}
