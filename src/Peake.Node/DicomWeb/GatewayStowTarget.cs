using Peake.DicomWeb.Store;
using Peake.Ingest.Web;
using Peake.Node.Ingest;

namespace Peake.Node.DicomWeb;

/// <summary>
/// STOW-RS into the node's DICOM gateway (<see cref="WebIngest"/>): an instance posted over the web is stored exactly
/// when a C-STORE of it would be, with the same statuses as Failure Reasons (PS3.18 I.2.2 reuses the C-STORE codes).
/// One STOW request is one <see cref="WebStoreRequest"/> (one "association" of the posting hospital).
/// </summary>
internal sealed class GatewayStowTarget(DicomGatewayState gateway) : IStowTarget
{
    public IStowRequest Begin(StowContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Request(gateway.Web?.Begin(context.HospitalAeTitle), context.RequiredStudyInstanceUid);
    }

    private sealed class Request(WebStoreRequest? web, string? requiredStudyUid) : IStowRequest
    {
        public async Task<StowOutcome> StoreAsync(Stream part10, CancellationToken cancellationToken)
        {
            if (web is null)
                return StowOutcome.Failure(StowFailureReasons.OutOfResources, "the DICOM gateway of this node is not running yet");
            var outcome = await web.StoreAsync(part10, requiredStudyUid, cancellationToken);
            return outcome.Stored
                ? StowOutcome.Success(outcome.StudyInstanceUid!, outcome.SeriesInstanceUid ?? "", outcome.SopClassUid!, outcome.SopInstanceUid!)
                : StowOutcome.Failure(outcome.Status, outcome.Reason ?? "not stored", outcome.StudyInstanceUid, outcome.SopClassUid, outcome.SopInstanceUid);
        }

        public ValueTask DisposeAsync() => web?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
