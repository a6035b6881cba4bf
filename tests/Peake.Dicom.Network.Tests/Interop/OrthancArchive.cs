using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Interop;

/// <summary>The interop corpus stored into a private Orthanc.</summary>
public sealed class OrthancArchive : InteropArchive
{
    private const string DeflatedLittleEndian = "1.2.840.10008.1.2.1.99";

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
    /// Orthanc 1.10 saves the data set as its DCMTK re-serializes it, not as received: sequences and items of undefined
    /// length get explicit lengths, and a deflated data set is inflated and deflated again with its own settings (both
    /// shown with dcmtk's storescu as the sender too). Such instances are compared after dcmtk's dcmconv has written
    /// both sides the same way (explicit lengths, same syntax): same elements, same values. Every other instance must
    /// be byte-identical.
    /// </summary>
    internal override async Task<bool> HoldsAsSentAsync(InteropInstance instance, string stored)
    {
        if (!instance.UndefinedLengths && instance.TransferSyntax != DeflatedLittleEndian)
        {
            return await base.HoldsAsSentAsync(instance, stored);
        }
        var sent = await NormalizedDataSetAsync(instance.Path);
        var held = await NormalizedDataSetAsync(stored);
        return sent.AsSpan().SequenceEqual(held);
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

    /// <summary>The data set as dcmconv writes it with explicit lengths in the same syntax.</summary>
    private static async Task<byte[]> NormalizedDataSetAsync(string path)
    {
        var output = Path.Combine(Path.GetTempPath(), "peake-dcmconv-" + Guid.NewGuid().ToString("N") + ".dcm");
        try
        {
            var result = await PeerProcess.RunAsync("dcmconv", ["+e", path, output], TimeSpan.FromSeconds(30));
            Assert.True(result.ExitCode == 0, $"dcmconv {path}: {result}");
            return Part10.DataSetBytes(output);
        }
        finally
        {
            File.Delete(output);
        }
    }
}
