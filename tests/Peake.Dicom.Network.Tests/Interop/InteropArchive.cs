using System.Globalization;
using Peake.Dicom.Network.Client;
using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Tests.Cli;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Interop;

/// <summary>
/// A third-party archive (see the subclasses) filled by our client: two move destinations started first (our
/// `peake dicom scp` and dcmtk's storescp, each receiving from one test only, so what arrives can be checked exactly),
/// then the archive, then the corpus stored into it: patients A and B with <see cref="DicomClientAssociation"/>,
/// patient C with `peake dicom store`. The tests assert on what the store returned and what the archive holds.
/// </summary>
public abstract class InteropArchive : IAsyncLifetime
{
    public const string ClientAe = "PEAKE_IT";
    public const string PeakeDestinationAe = "PEAKE_DEST";
    private const string Verification = "1.2.840.10008.1.1";

    internal InteropCorpus Corpus { get; private set; } = null!;

    internal PeakeScp PeakeDestination { get; private set; } = null!;

    internal RunningPeer StorescpDestination { get; private set; } = null!;

    internal string StorescpDirectory { get; private set; } = null!;

    /// <summary>C-STORE responses of the API stores, by SOP Instance UID.</summary>
    internal Dictionary<string, CStoreResponse> ApiStores { get; } = new(StringComparer.Ordinal);

    /// <summary>What `peake dicom store` of patient C returned.</summary>
    internal PeerResult CliStore { get; private set; } = null!;

    public abstract string CalledAe { get; }

    public abstract int Port { get; }

    public string PortText => Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>What the peer printed, for failure messages.</summary>
    public abstract string PeerOutput { get; }

    public async Task InitializeAsync()
    {
        Corpus = await InteropCorpus.CreateAsync();
        StorescpDirectory = Path.Combine(Corpus.Directory, "storescp");
        StorescpDestination = await Storescp.StartAsync(StorescpDirectory);
        PeakeDestination = await PeakeScp.StartAsync("--aet", PeakeDestinationAe, "--accept-any-calling-ae");
        await StartPeerAsync([new DicomPeer(PeakeDestinationAe, PeakeDestination.Port), new DicomPeer(Storescp.AeTitle, StorescpDestination.Port)]);

        await using (var association = await OpenAsync(ContextsFor(Corpus.Instances)))
        {
            foreach (var instance in Corpus.Instances.Where(i => i.PatientId != InteropCorpus.PatientId("C")))
            {
                await using var dataSet = new MemoryStream(Part10.DataSetBytes(instance.Path));
                ApiStores[instance.SopInstanceUid] = await association.StoreAsync(StoreCorpus.SecondaryCapture, instance.SopInstanceUid, instance.TransferSyntax, dataSet);
            }
            await association.ReleaseAsync();
        }
        CliStore = await PeakeProcess.RunAsync(["dicom", "store", "127.0.0.1", PortText, "--aet", ClientAe, "--aec", CalledAe, Corpus.PatientFolder("C")]);
    }

    /// <summary>Stops what was started, also when <see cref="InitializeAsync"/> failed halfway.</summary>
    public async Task DisposeAsync()
    {
        await StopPeerAsync();
        if (PeakeDestination is not null)
        {
            await PeakeDestination.DisposeAsync();
        }
        StorescpDestination?.Dispose();
        Corpus?.Dispose();
    }

    /// <summary>The Part 10 file the archive holds for the instance, written to <paramref name="path"/>; false if none.</summary>
    internal abstract Task<bool> CopyStoredFileAsync(string sopInstanceUid, string path);

    /// <summary>How many instances the archive holds in all (to see that nothing arrived twice or extra).</summary>
    internal abstract Task<int> HeldInstanceCountAsync();

    /// <summary>
    /// Whether the archive holds the data set of <paramref name="instance"/> as our client sent it: the same bytes,
    /// unless the archive is known to re-encode (then the subclass says what it compares and why).
    /// </summary>
    internal virtual Task<bool> HoldsAsSentAsync(InteropInstance instance, string stored) =>
        Task.FromResult(Part10.DataSetBytesOnWire(instance.Path).AsSpan().SequenceEqual(Part10.DataSetBytes(stored)));

    /// <summary>An association from <see cref="ClientAe"/> to the archive.</summary>
    internal Task<DicomClientAssociation> OpenAsync(IReadOnlyList<PresentationContextRequest> contexts) =>
        DicomClientAssociation.OpenAsync(
            "127.0.0.1",
            Port,
            new AssociationRequest { CallingAeTitle = ClientAe, CalledAeTitle = CalledAe, PresentationContexts = contexts, ResponseTimeout = TimeSpan.FromSeconds(30) });

    private protected abstract Task StartPeerAsync(IReadOnlyList<DicomPeer> destinations);

    private protected abstract Task StopPeerAsync();

    /// <summary>Verification plus one context per transfer syntax of the Secondary Capture files.</summary>
    private static PresentationContextRequest[] ContextsFor(IEnumerable<InteropInstance> instances) =>
    [
        new PresentationContextRequest(1, Verification, ["1.2.840.10008.1.2"]),
        .. instances.Select(i => i.TransferSyntax).Distinct().Select((s, n) => new PresentationContextRequest((byte)(3 + (2 * n)), StoreCorpus.SecondaryCapture, [s])),
    ];
}
