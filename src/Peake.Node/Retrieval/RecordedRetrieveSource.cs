using Akka.Actor;
using Microsoft.AspNetCore.Http;
using Peake.Cluster.Studies;
using Peake.Dicom.Network.Query;

namespace Peake.Node.Retrieval;

/// <summary>
/// The node's one place where retrievals are recorded (ADR 0033): C-GET, C-MOVE and WADO-RS (instances, metadata,
/// frames, bulk data) all open instance bytes here, once per instance, and C-FIND and QIDO never do. Each instance
/// actually opened is told to the node's <see cref="StudyAccessRecorder"/> as an access of its study by the asking
/// hospital (the calling AE; for a C-MOVE its originator, for DICOMweb the caller's hospital). Telling an actor never
/// blocks nor throws, so the read goes on whatever happens to the record.
/// </summary>
internal sealed class RecordedRetrieveSource(
    IRetrieveSource inner, RecordedRetrieveSource.Recorder recorder, IHttpContextAccessor http, TimeProvider time) : IRetrieveSource
{
    public async Task<Stream?> OpenAsync(RetrieveItem item, QueryContext context, CancellationToken cancellationToken)
    {
        var stream = await inner.OpenAsync(item, context, cancellationToken).ConfigureAwait(false);
        if (stream is not null && recorder.Actor is { } actor)
        {
            // DICOMweb reads run inside their HTTP request, the DICOM gateway's never do: that is the only thing that
            // tells them apart here (the library's QueryContext does not name the operation).
            var via = http.HttpContext is null ? "dimse" : "wado-rs";
            var at = time.GetUtcNow().UtcDateTime;
            actor.Tell(new StudyAccessRecorder.AccessSeen(item.StudyInstanceUid, context.CallingAeTitle.Trim(), via, at));
        }
        return stream;
    }

    /// <summary>
    /// The recorder actor, attached once the actor system has started the study region; reads before that (none over
    /// DIMSE: the gateway starts later) are not recorded.
    /// </summary>
    public sealed class Recorder
    {
        private volatile IActorRef? _actor;

        public IActorRef? Actor => _actor;

        public void Attach(IActorRef actor) => _actor = actor;
    }
}
