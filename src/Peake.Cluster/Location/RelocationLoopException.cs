namespace Peake.Cluster.Location;

/// <summary>A message was forwarded between incarnations more than <see cref="Forwarded.MaxHops"/> times.</summary>
public sealed class RelocationLoopException(string message) : Exception(message);
