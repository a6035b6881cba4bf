namespace Peake.Query.Tests.Harness;

/// <summary>The journal's database engines the read model runs on; every behaviour is checked on both.</summary>
public enum Engine
{
    Sqlite,
    Postgres,
}
