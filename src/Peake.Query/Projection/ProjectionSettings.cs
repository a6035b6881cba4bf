namespace Peake.Query.Projection;

/// <summary>How the projection batches, rescans and backs off (BRIEF6 1.4).</summary>
public sealed record ProjectionSettings
{
    public static ProjectionSettings Default { get; } = new();

    /// <summary>Events per transaction: larger batches amortise the commit, smaller ones show results sooner.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>How long a partial batch waits for more events before it is applied.</summary>
    public TimeSpan BatchWindow { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How often the last <see cref="RescanWindow"/> offsets are read again (heals skipped by-tag events).</summary>
    public TimeSpan RescanInterval { get; init; } = TimeSpan.FromSeconds(60);

    public long RescanWindow { get; init; } = 10_000;

    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
}
