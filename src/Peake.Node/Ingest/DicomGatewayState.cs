using Peake.Ingest.Web;
using Peake.Management.Health;

namespace Peake.Node.Ingest;

/// <summary>
/// Whether the DICOM gateway listens: /ready says "dicom" until it does, so `make run` and the tests wait for a node
/// that can take images, not only for one that has joined. It also hands the running gateway's web path to STOW-RS.
/// </summary>
internal sealed class DicomGatewayState : IReadyCheck
{
    private volatile int _port;
    private volatile WebIngest? _web;

    public string Name => "dicom";

    /// <summary>The running gateway's ingest path for web posts; null while it does not run.</summary>
    public WebIngest? Web => _web;

    public void Listening(int port, WebIngest web)
    {
        _web = web;
        _port = port;
    }

    public void Stopped()
    {
        _port = 0;
        _web = null;
    }

    public Task<string?> FailureAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_port > 0 ? null : "the DICOM gateway is not listening yet");
}
