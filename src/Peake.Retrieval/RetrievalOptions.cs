namespace Peake.Retrieval;

/// <summary>How a node reads instances it may not hold itself.</summary>
public sealed record RetrievalOptions(string SpoolDirectory)
{
    /// <summary>A peer's download may take this long plus the blob's size at <see cref="MinBytesPerSecond"/>.</summary>
    public TimeSpan BaseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The slowest transfer rate still worth waiting for before the next copy is tried.</summary>
    public long MinBytesPerSecond { get; init; } = 10 * 1024 * 1024;

    public TimeSpan DeadlineFor(long size) => BaseTimeout + TimeSpan.FromSeconds((double)Math.Max(0, size) / MinBytesPerSecond);
}
