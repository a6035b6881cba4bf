using Peake.Management.Sharding;

namespace Peake.Management.Health;

internal sealed class ShardingStartedCheck(ShardRegions regions) : IReadyCheck
{
    public string Name => "sharding";

    public Task<string?> FailureAsync(CancellationToken cancellationToken)
    {
        var missing = regions.NotStarted();
        return Task.FromResult(missing.Count == 0 ? null : $"shard regions not started: {string.Join(", ", missing)}");
    }
}
