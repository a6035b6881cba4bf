using Peake.Management.Health;

namespace Peake.Node.Ingest;

/// <summary>
/// Whether the DICOM gateway listens: /ready says "dicom" until it does, so `make run` and the tests wait for a node
/// that can take images, not only for one that has joined.
/// </summary>
internal sealed class DicomGatewayState : IReadyCheck
{
    private volatile int _port;

    public string Name => "dicom";

    public void Listening(int port) => _port = port;

    public void Stopped() => _port = 0;

    public Task<string?> FailureAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_port > 0 ? null : "the DICOM gateway is not listening yet");
}
