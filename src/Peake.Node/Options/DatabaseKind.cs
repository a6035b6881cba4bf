namespace Peake.Node.Options;

internal enum DatabaseKind
{
    /// <summary>Embedded default: one SQLite file per node under --data.</summary>
    Sqlite,

    /// <summary>Real clusters: --db-connection names the PostgreSQL database.</summary>
    Postgres,
}
