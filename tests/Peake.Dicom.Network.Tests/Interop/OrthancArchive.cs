using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Interop;

/// <summary>The interop corpus stored into a private Orthanc.</summary>
public sealed class OrthancArchive : InteropArchive
{
    private OrthancPeer? _orthanc;

    public override string CalledAe => OrthancPeer.AeTitle;

    public override int Port => Orthanc.DicomPort;

    public override string PeerOutput => _orthanc?.Log ?? "";

    internal OrthancPeer Orthanc => _orthanc ?? throw new InvalidOperationException("not started");

    internal override async Task<bool> CopyStoredFileAsync(string sopInstanceUid, string path)
    {
        if (await Orthanc.InstanceIdAsync(sopInstanceUid) is not { } id)
        {
            return false;
        }
        await File.WriteAllBytesAsync(path, await Orthanc.InstanceFileAsync(id));
        return true;
    }

    private protected override async Task StartPeerAsync(IReadOnlyList<DicomPeer> destinations) =>
        _orthanc = await OrthancPeer.StartAsync([ClientAe], destinations);

    private protected override async Task StopPeerAsync()
    {
        if (_orthanc is not null)
        {
            await _orthanc.DisposeAsync();
        }
    }
}
