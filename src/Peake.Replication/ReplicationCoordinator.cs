using Akka.Actor;

namespace Peake.Replication;

/// <summary>The cluster singleton that keeps every catalogued blob at <see cref="ReplicationSettings.Copies"/> copies (ADR 0026).</summary>
internal sealed class ReplicationCoordinator : ReceiveActor
{
}
