using Akka.Configuration;

namespace Peake.Cluster.Studies;

/// <summary>How a node's <see cref="StudyAccessRecorder"/> coalesces access records (HOCON <c>peake.query</c>, ADR 0033).</summary>
public sealed record StudyAccessSettings
{
    public const string ConfigPath = "peake.query";

    public static StudyAccessSettings Default { get; } = new();

    /// <summary>At most one record per study and hospital per interval: longer writes less, shorter shows reads sooner.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Distinct (study, hospital) pairs held between two flushes; reaching it flushes at once, so memory stays bounded
    /// when a bulk retrieve touches many studies.
    /// </summary>
    public int MaxPending { get; init; } = 10_000;

    public static StudyAccessSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var interval = config.GetTimeSpan($"{ConfigPath}.access-record-interval", Default.Interval, allowInfinite: false);
        return interval > TimeSpan.Zero
            ? Default with { Interval = interval }
            : throw new ArgumentException($"{ConfigPath}.access-record-interval must be positive, not {interval}");
    }
}
