using Peake.Dicom.Network.Client;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.StorageCommitment;

namespace Peake.Dicom.Network.Server.StorageCommitment;

/// <summary>
/// Delivers a report the asking association could not take (PS3.4 J.3.3): a new association to the requestor's
/// configured address, proposing the Storage Commitment context with the SCP role for this side (role selection,
/// PS3.7 D.3.3.4), one N-EVENT-REPORT-RQ, release. Tried <see cref="StorageCommitmentOptions.DeliveryAttempts"/>
/// times with a doubling delay; then, or at once when the requestor's address is unknown, the report is abandoned
/// (ADR 0013: the requestor learns nothing and asks again).
/// </summary>
internal static class StorageCommitmentReporter
{
    /// <summary>
    /// Delivers in the background, tracked by <paramref name="work"/> (awaited when the server stops, and cut short
    /// by its stopping), which the transaction's slot is returned to once the report is delivered or abandoned.
    /// </summary>
    public static void DeliverLater(StorageCommitmentOptions options, CommitmentWork work, string localAeTitle, string requestorAeTitle, Task<StorageCommitmentResult> decision) =>
        work.Track(DeliverGuardedAsync(options, work, localAeTitle, requestorAeTitle, decision));

    /// <summary>Whatever goes wrong, the report ends delivered or abandoned, never silently dropped.</summary>
    private static async Task DeliverGuardedAsync(StorageCommitmentOptions options, CommitmentWork work, string localAeTitle, string requestorAeTitle, Task<StorageCommitmentResult> decision)
    {
        // The decision never faults: a failing handler yields an all-failed report.
        var result = await decision.ConfigureAwait(false);
        try
        {
            await DeliverAsync(options, localAeTitle, requestorAeTitle, result, work.Stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (work.Stopping.IsCancellationRequested)
        {
            options.ReportAbandoned?.Invoke(requestorAeTitle, result, "the server stopped before the report was delivered");
        }
        catch (Exception e)
        {
            // A defect here (or in a ReportDelivered callback) must still be seen, as an abandoned report.
            options.ReportAbandoned?.Invoke(requestorAeTitle, result, $"delivery failed: {e.Message}");
        }
        finally
        {
            work.End();
        }
    }

    private static async Task DeliverAsync(StorageCommitmentOptions options, string localAeTitle, string requestorAeTitle, StorageCommitmentResult result, CancellationToken stopping)
    {
        if (!options.Requestors.TryGetValue(requestorAeTitle, out var address))
        {
            options.ReportAbandoned?.Invoke(requestorAeTitle, result, "the requestor's address is not configured");
            return;
        }

        var delay = options.RetryDelay;
        string? why = null;
        for (var attempt = 1; attempt <= options.DeliveryAttempts; attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(delay, stopping).ConfigureAwait(false);
                delay *= 2;
            }

            why = await TryDeliverAsync(options, localAeTitle, requestorAeTitle, address, result, stopping).ConfigureAwait(false);
            if (why is null)
            {
                options.ReportDelivered?.Invoke(requestorAeTitle, result);
                return;
            }

            stopping.ThrowIfCancellationRequested();
        }

        options.ReportAbandoned?.Invoke(requestorAeTitle, result, why ?? "no delivery attempts configured");
    }

    /// <summary>One delivery; null when the requestor answered, else why not.</summary>
    private static async Task<string?> TryDeliverAsync(
        StorageCommitmentOptions options, string localAeTitle, string requestorAeTitle, MoveDestination address, StorageCommitmentResult result, CancellationToken stopping)
    {
        var request = new AssociationRequest
        {
            CallingAeTitle = localAeTitle,
            CalledAeTitle = requestorAeTitle,
            PresentationContexts =
            [
                new PresentationContextRequest(1, StorageCommitmentSop.SopClassUid, [DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid]),
            ],
            // PS3.4 J.3.3: the SCP opens this association, so it asks for the SCP role of the SOP class.
            RoleSelections = [new RoleSelection(StorageCommitmentSop.SopClassUid, ScuRole: false, ScpRole: true)],
            ConnectTimeout = options.ReportTimeout,
            ResponseTimeout = options.ReportTimeout,
        };
        try
        {
            var association = await DicomClientAssociation.OpenAsync(address.Host, address.Port, request, options.ReportTls, stopping).ConfigureAwait(false);
            await using (association.ConfigureAwait(false))
            {
                if (association.Association.Contexts.Count == 0)
                {
                    await association.ReleaseAsync().ConfigureAwait(false);
                    return "the requestor accepted no Storage Commitment context";
                }

                // A status other than success is the requestor's verdict on a report it has read: not sent again.
                _ = await association.ReportCommitmentAsync(result, localAeTitle, stopping).ConfigureAwait(false);
                await ReleaseQuietlyAsync(association).ConfigureAwait(false);
                return null;
            }
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or TimeoutException or OperationCanceledException or System.Security.Authentication.AuthenticationException
            or DicomNetworkProtocolException or DicomAssociationAbortedException or DicomAssociationRejectedException or InvalidOperationException)
        {
            return e.Message;
        }
    }

    /// <summary>The report is answered: a failed release must not make it look undelivered (and sent twice).</summary>
    private static async Task ReleaseQuietlyAsync(DicomClientAssociation association)
    {
        try
        {
            await association.ReleaseAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or TimeoutException or OperationCanceledException or DicomNetworkProtocolException or DicomAssociationAbortedException)
        {
            // Disposal aborts whatever is left of the association.
        }
    }
}
