namespace Peake.Management.Metrics;

/// <summary>One metric family as scraped: its exported name, type, help text and samples in output order.</summary>
internal sealed record MetricSnapshot(string Name, MetricKind Kind, string Help, IReadOnlyList<MetricSample> Samples);
