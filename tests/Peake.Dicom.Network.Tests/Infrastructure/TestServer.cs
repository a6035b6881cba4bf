using Peake.Dicom.Network.Association;
using Peake.Dicom.Network.Pdu;
using Peake.Dicom.Network.Server;

namespace Peake.Dicom.Network.Tests.Infrastructure;

/// <summary>A <see cref="DicomServer"/> on 127.0.0.1 with an OS-assigned port, storing into its own temp folder.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    public const string AeTitle = "PEAKE";

    private TestServer(DicomServer server, string directory, FolderStore store)
    {
        Server = server;
        Directory = directory;
        Store = store;
    }

    public FolderStore Store { get; }

    public DicomServer Server { get; }

    public string Directory { get; }

    public string Port => Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static TestServer Start(
        Func<DicomServerOptions, DicomServerOptions>? configure = null,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? syntaxes = null,
        Func<IStoreHandler, IStoreHandler>? wrapStore = null,
        bool answerFind = false,
        Peake.Dicom.Network.Query.IQueryService? query = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "peake-net-" + Guid.NewGuid().ToString("N"));
        var options = new DicomServerOptions
        {
            Acceptor = new AcceptorOptions
            {
                AeTitle = AeTitle,
                Syntaxes = syntaxes ?? new Dictionary<string, IReadOnlyList<string>> { ["1.2.840.10008.1.1"] = ["1.2.840.10008.1.2"] },
                IsCallingAeTitleKnown = ae => ae != "STRANGER",
            },
            ArtimTimeout = TimeSpan.FromSeconds(1),
            IdleTimeout = TimeSpan.FromSeconds(20),
        };
        var store = new FolderStore(directory);
        var server = new DicomServer(configure?.Invoke(options) ?? options, wrapStore?.Invoke(store) ?? store, answerFind ? store.Index : query, answerFind ? store.Index : null);
        server.Start();
        return new TestServer(server, directory, store);
    }

    public Task<PeerResult> EchoAsync(string callingAe = "ECHOSCU") =>
        PeerProcess.RunAsync("echoscu", ["-aet", callingAe, "-aec", AeTitle, "-to", "10", "-ta", "10", "-td", "10", "127.0.0.1", Port], TimeSpan.FromSeconds(30));

    /// <summary>What a raw peer sends to ask for a Verification association (one context, Implicit VR LE).</summary>
    public static AssociateRequestPdu EchoAssociateRequest(uint maxPduLength = 16384) =>
        new(AeTitle, "RAW", [new PresentationContextRequest(1, "1.2.840.10008.1.1", ["1.2.840.10008.1.2"])], new UserInformation(maxPduLength, "1.2.3"));

    /// <summary>Stored files other than hidden temporaries.</summary>
    public string[] StoredFiles() =>
        System.IO.Directory.GetFiles(Directory).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal).ToArray();

    public string[] AllFiles() => System.IO.Directory.GetFiles(Directory);

    /// <summary>Stops the server; every test using one also proves no connection ended in an internal fault.</summary>
    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
        Assert.True(Server.FaultedConnections == 0, $"{Server.FaultedConnections} connection(s) faulted: {Server.LastFault}");
    }
}
