using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Interop;

/// <summary>The interop corpus stored into a private dcmqrscp.</summary>
public sealed class DcmqrscpArchive : InteropArchive
{
    private DcmqrscpPeer? _dcmqrscp;

    public override string CalledAe => DcmqrscpPeer.AeTitle;

    public override int Port => Dcmqrscp.Port;

    public override string PeerOutput => _dcmqrscp?.Output ?? "";

    internal DcmqrscpPeer Dcmqrscp => _dcmqrscp ?? throw new InvalidOperationException("not started");

    internal override Task<bool> CopyStoredFileAsync(string sopInstanceUid, string path)
    {
        if (!Dcmqrscp.StoredFiles().TryGetValue(sopInstanceUid, out var stored))
        {
            return Task.FromResult(false);
        }
        File.Copy(stored, path, overwrite: true);
        return Task.FromResult(true);
    }

    internal override Task<int> HeldInstanceCountAsync() => Task.FromResult(Dcmqrscp.StoredFiles().Count);

    private protected override async Task StartPeerAsync(IReadOnlyList<DicomPeer> destinations) =>
        _dcmqrscp = await DcmqrscpPeer.StartAsync(destinations);

    private protected override Task StopPeerAsync()
    {
        _dcmqrscp?.Dispose();
        return Task.CompletedTask;
    }
}
