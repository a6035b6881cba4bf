using Akka.Actor;

namespace Peake.Node.Sharding;

/// <summary>
/// The sharded types this node runs and the props of their entities: the one table the coordinator edits to plug in
/// PatientActor, IdentifierActor and StudyActor (placeholders until then). Type names are shared contracts.
/// </summary>
internal static class EntityTypes
{
    public static readonly IReadOnlyList<(string Type, Func<ActorSystem, Func<string, Props>> Entity)> All =
    [
        ("identifier", _ => _ => Props.Create<PlaceholderEntity>()),
        ("patient", _ => _ => Props.Create<PlaceholderEntity>()),
        ("study", _ => _ => Props.Create<PlaceholderEntity>()),
    ];
}
