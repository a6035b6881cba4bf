namespace Peake.Replication.Tests;

/// <summary>
/// The multi-node tests run one after another: each starts several ActorSystems and Kestrels, and timing-sensitive
/// checks (grace, failure detection) stay honest only when the machine is not running five such clusters at once.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterTests
{
    public const string Name = "replication cluster";
}
