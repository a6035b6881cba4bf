using Peake.Dicom.Network.Association;

namespace Peake.Dicom.Network.Server;

/// <summary>
/// Optional for an <see cref="IStoreHandler"/> that keeps per-association state (the cluster gateway runs one actor
/// per association): told once when an association is accepted, before any of its requests, and once when it ends
/// (released, aborted or broken), after its last store sink was completed or disposed. The association record is
/// compared by reference: two associations may be equal in value.
/// </summary>
public interface IAssociationLifecycle
{
    void AssociationStarted(NegotiatedAssociation association);

    void AssociationEnded(NegotiatedAssociation association);
}
