using System.Collections.Concurrent;
using Akka.Actor;
using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Server;

namespace Peake.Ingest.Associations;

/// <summary>
/// The gateway's <see cref="IStoreHandler"/>: one <see cref="AssociationActor"/> per accepted association (started when
/// the association is, stopped when it ends), and per C-STORE a <see cref="ClusterStoreSink"/> writing into a new
/// temporary blob of this node's store.
/// </summary>
internal sealed class ClusterStoreHandler(ActorSystem system, IngestContext ingest, HospitalRegistry hospitals) : IStoreHandler, IAssociationLifecycle
{
    // By reference: NegotiatedAssociation is a record, and two associations of one modality may be equal in value.
    private readonly ConcurrentDictionary<NegotiatedAssociation, IActorRef> _actors = new(ReferenceEqualityComparer.Instance);
    // Process-wide: a gateway re-created in the same ActorSystem must not reuse a name still held by a stopping actor.
    private static long _sequence;

    /// <summary>Associations with an actor right now.</summary>
    public int Active => _actors.Count;

    public void AssociationStarted(NegotiatedAssociation association)
    {
        // Only registered hospitals get this far: the acceptor rejected every other calling AE (reason 3).
        var hospital = hospitals.Find(association.CallingAeTitle)
            ?? throw new InvalidOperationException($"association from unregistered AE '{association.CallingAeTitle}' was accepted");
        var name = $"ingest-association-{Interlocked.Increment(ref _sequence)}";
        _actors[association] = system.ActorOf(AssociationActor.PropsFor(ingest, hospital), name);
    }

    public void AssociationEnded(NegotiatedAssociation association)
    {
        if (_actors.TryRemove(association, out var actor))
            actor.Tell(PoisonPill.Instance);
    }

    public ValueTask<IStoreSink> BeginAsync(NegotiatedAssociation association, AcceptedPresentationContext context, CStoreRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(association);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        if (!_actors.TryGetValue(association, out var actor))
            return ValueTask.FromResult<IStoreSink>(new RefusedStoreSink(IngestStatus.OutOfResources, "association is ending"));
        return ValueTask.FromResult<IStoreSink>(ClusterStoreSink.Open(actor, ingest, request, context.TransferSyntax));
    }
}
