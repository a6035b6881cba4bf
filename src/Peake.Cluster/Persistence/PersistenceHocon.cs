using System.Globalization;
using Akka.Configuration;
using Akka.Persistence.Sql;

namespace Peake.Cluster.Persistence;

/// <summary>
/// The HOCON for Akka.Persistence.Sql's journal, snapshot store and query journal on one <see cref="JournalDatabase"/>
/// (research/akka.md §2). Falls back to the plugin's reference configuration for everything not set here.
/// </summary>
public static class PersistenceHocon
{
    public static Config For(JournalDatabase database)
    {
        var connection = Quote(database.ConnectionString);
        var provider = Quote(database.ProviderName);
        var parallelism = database.Parallelism.ToString(CultureInfo.InvariantCulture);
        return ConfigurationFactory.ParseString($$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  connection-string = {{connection}}
                  provider-name = {{provider}}
                  # Creates the journal, tags and metadata tables on first use; the schema is the plugin's.
                  auto-initialize = on
                  # Tags in their own table: by-tag queries use an index instead of scanning a CSV column.
                  tag-write-mode = TagTable
                  parallelism = {{parallelism}}
                  # The writer uuid names the ActorSystem, not the incarnation: an entity that moves away and back is
                  # written by node A, B, then A again, which the default filter (repair-by-discard-old) takes for a
                  # stale writer and drops on replay. One writer at a time comes from sharding, ownership in the
                  # journal and the unique (persistence id, sequence number) key (ADR 0019), not from this filter.
                  replay-filter.mode = off
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  connection-string = {{connection}}
                  provider-name = {{provider}}
                  auto-initialize = on
                }
              }
              query.journal.sql {
                connection-string = {{connection}}
                provider-name = {{provider}}
                write-plugin = "akka.persistence.journal.sql"
                tag-read-mode = TagTable
              }
            }
            """).WithFallback(SqlPersistence.DefaultConfiguration);
    }

    // A HOCON quoted string: connection strings may hold quotes, backslashes and '=' that unquoted HOCON would parse.
    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
