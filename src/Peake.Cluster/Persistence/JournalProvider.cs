namespace Peake.Cluster.Persistence;

public enum JournalProvider
{
    /// <summary>Embedded file, the default: one machine (make run, tests).</summary>
    Sqlite,
    /// <summary>PostgreSQL 15 or newer: real clusters, one database shared by every node.</summary>
    PostgreSql,
}
