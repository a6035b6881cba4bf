using Peake.DicomWeb.Store;
using Peake.Ingest.Web;
using Peake.Node.Ingest;

namespace Peake.Node.DicomWeb;

/// <summary>
/// STOW-RS into the node's DICOM gateway (<see cref="WebIngest"/>): an instance posted over the web is stored exactly
/// when a C-STORE of it would be, with the same statuses as Failure Reasons (PS3.18 I.2.2 reuses the C-STORE codes).
/// </summary>
internal sealed class GatewayStowTarget(DicomGatewayState gateway) : IStowTarget
{
    public async Task<StowOutcome> StoreAsync(Stream part10, StowContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (gateway.Web is not { } web)
            return StowOutcome.Failure(StowFailureReasons.OutOfResources, "the DICOM gateway of this node is not running yet");
        var outcome = await web.StoreAsync(part10, context.HospitalAeTitle, context.RequiredStudyInstanceUid, cancellationToken);
        return outcome.Stored
            ? StowOutcome.Success(outcome.StudyInstanceUid!, outcome.SeriesInstanceUid ?? "", outcome.SopClassUid!, outcome.SopInstanceUid!)
            : StowOutcome.Failure(outcome.Status, outcome.Reason ?? "not stored", outcome.StudyInstanceUid, outcome.SopClassUid, outcome.SopInstanceUid);
    }
}
