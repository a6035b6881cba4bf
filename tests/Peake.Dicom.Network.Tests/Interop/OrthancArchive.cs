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

    internal override async Task<int> HeldInstanceCountAsync() => (await Orthanc.GetJsonAsync("instances")).AsArray().Count;

    /// <summary>
    /// Orthanc 1.10 re-encodes a deflated data set when it saves it: it inflates what arrives (its DCMTK SCP decodes
    /// the data set) and deflates it again with its own settings, so the stored stream differs from the one sent even
    /// when dcmtk's storescu sends it, while the inflated content is the same. Every other syntax is kept byte for byte.
    /// </summary>
    internal override bool HoldsAsSent(InteropInstance instance, byte[] stored) =>
        instance.TransferSyntax == Deflated.Uid
            ? Deflated.Inflate(Part10.DataSetBytes(instance.Path)).AsSpan().SequenceEqual(Deflated.Inflate(stored))
            : base.HoldsAsSent(instance, stored);

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
