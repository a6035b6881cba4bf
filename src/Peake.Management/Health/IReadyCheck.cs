namespace Peake.Management.Health;

/// <summary>One condition /ready requires. Returns null when it holds, else why not (shown to the operator).</summary>
public interface IReadyCheck
{
    string Name { get; }

    Task<string?> FailureAsync(CancellationToken cancellationToken);

    /// <summary>
    /// What the last <see cref="FailureAsync"/> measured, for /ready's details whether it held or not (a lag, a
    /// count); null: nothing to show beyond "ok".
    /// </summary>
    string? Detail => null;
}
