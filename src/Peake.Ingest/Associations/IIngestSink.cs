using Peake.Dicom.Network.Server;
using Peake.Ingest.Headers;

namespace Peake.Ingest.Associations;

/// <summary>
/// A store's sink as the gateway's own callers see it (STOW-RS): besides the DIMSE status, the header it read and the
/// whole reason of a refusal.
/// </summary>
internal interface IIngestSink : IStoreSink
{
    /// <summary>The data set's header, once the sink has parsed it (null when it refused before, or could not).</summary>
    InstanceHeader? Header => null;

    /// <summary>Why the store was refused, whole (<see cref="IStoreSink.ErrorComment"/> is cut to the 64 characters DIMSE allows).</summary>
    string? Reason { get; }
}
