using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Server;

namespace Peake.Dicom.Network.Client;

/// <summary>C-GET as SCU (PS3.4 C.4.3): the matches come back as C-STORE sub-operations on this association.</summary>
public sealed partial class DicomClientAssociation
{
    private NegotiatedAssociation? _asReceiver;

    /// <summary>
    /// C-GET (PS3.7 9.1.3): sends <paramref name="identifier"/>, then, until the final C-GET-RSP, serves each C-STORE-RQ
    /// the peer sends (PS3.4 C.4.3.3): its data set goes PDV by PDV into the sink <paramref name="storeHandler"/> opens
    /// for it, and the sink's status is the C-STORE-RSP. Pending responses go to <paramref name="onPending"/>; the final
    /// one is returned, with the Failed SOP Instance UID List when the peer sent one. The storage SOP classes need
    /// contexts and the SCP role proposed (<see cref="AssociationRequest.RoleSelections"/>).
    /// </summary>
    public async Task<CGetResponse> GetAsync(string sopClassUid, DicomDataset identifier, IStoreHandler storeHandler, Action<CGetResponse>? onPending = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storeHandler);
        return await RetrieveAsync(
                sopClassUid, id => new CGetRequest(id, sopClassUid), identifier, storeHandler, onPending,
                r => r.MessageIdBeingRespondedTo, r => r.Status, (r, failed) => r with { FailedSopInstanceUids = failed }, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>One C-STORE sub-operation: the data set streamed into a sink, then the C-STORE-RSP with its status.</summary>
    private async Task ServeStoreAsync(AcceptedPresentationContext context, CStoreRequest request, IStoreHandler storeHandler, CancellationToken cancellationToken)
    {
        // PS3.7 9.1.1.1: the SOP class must be the one the context was negotiated for.
        var sink = request.AffectedSopClassUid == context.AbstractSyntax
            ? await storeHandler.BeginAsync(AsReceiver, context, request, cancellationToken).ConfigureAwait(false)
            : new RefusingStoreSink(DimseStatus.SopClassNotSupported);
        ushort status;
        try
        {
            while (true)
            {
                var fragment = await ReceiveFragmentAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await sink.WriteAsync(fragment.Data, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The store cannot write (disk full): the rest is drained and answered A700H; the get goes on.
                    await sink.DisposeAsync().ConfigureAwait(false);
                    sink = new RefusingStoreSink(DimseStatus.OutOfResources);
                }

                if (fragment.IsLast)
                {
                    break;
                }
            }

            status = await sink.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await sink.DisposeAsync().ConfigureAwait(false);
        }

        await SendCommandAsync(context.Id, new CStoreResponse(request.MessageId, request.AffectedSopClassUid, request.AffectedSopInstanceUid, status), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// The association as a store handler expects to see it, from the receiving side: the calling AE is the one that
    /// sends the instance (PS3.10 7.1 Source Application Entity Title), which here is the C-GET SCP.
    /// </summary>
    private NegotiatedAssociation AsReceiver =>
        _asReceiver ??= Association with { CallingAeTitle = Association.CalledAeTitle, CalledAeTitle = Association.CallingAeTitle };
}
