using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Dimse;

namespace Peake.Dicom.Network.Server;

/// <summary>
/// Where C-STORE data sets go: called once per C-STORE-RQ, before any of its data set has arrived. The returned sink
/// receives the data set fragments as they come off the network and is completed (or disposed unfinished when the
/// association breaks, in which case nothing may become visible).
/// </summary>
public interface IStoreHandler
{
    ValueTask<IStoreSink> BeginAsync(NegotiatedAssociation association, AcceptedPresentationContext context, CStoreRequest request, CancellationToken cancellationToken);
}
