namespace Peake.Management.Health;

/// <summary>One condition /ready requires. Returns null when it holds, else why not (shown to the operator).</summary>
public interface IReadyCheck
{
    string Name { get; }

    Task<string?> FailureAsync(CancellationToken cancellationToken);
}
