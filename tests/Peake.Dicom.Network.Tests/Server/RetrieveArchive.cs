using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Server;
using Peake.Dicom.Network.Tests.Cli;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Server;

/// <summary>
/// A retrieve-answering <see cref="TestServer"/> (C-FIND, C-GET, C-MOVE) holding 2 studies, 3 series and 5 instances
/// with a small binary value each, made with dump2dcm at test time and stored through storescu (Explicit VR LE), and
/// one more study of one instance stored in Implicit VR LE (<see cref="ImplicitStudy"/>). Two dcmtk storescp are its
/// C-MOVE destinations: STORESCP accepting every syntax, IMPLICIT accepting Implicit VR LE only.
/// </summary>
public sealed class RetrieveArchive : IAsyncLifetime
{
    public const string Root = "1.2.826.0.1.3680043.99.8";

    public const string SecondaryCapture = "1.2.840.10008.5.1.4.1.1.7";

    // Study, series, instance suffixes.
    private static readonly (string Study, string Series, string Sop)[] Instances =
    [
        ("1", "1.1", "1.1.1"),
        ("1", "1.1", "1.1.2"),
        ("1", "1.2", "1.2.1"),
        ("2", "2.1", "2.1.1"),
        ("2", "2.1", "2.1.2"),
    ];

    /// <summary>The study whose one instance (series 4.1, instance 4.1.1) is stored in Implicit VR LE.</summary>
    public const string ImplicitStudy = "4";

    public const string ImplicitDestination = "IMPLICIT";

    /// <summary>The study whose one instance (5.1.1) is stored JPEG Lossless: no codec here, so never converted.</summary>
    public const string CompressedStudy = "5";

    private readonly string _source = Path.Combine(Path.GetTempPath(), "peake-get-" + Guid.NewGuid().ToString("N"));

    internal TestServer Server { get; private set; } = null!;

    /// <summary>Where the move destination (storescp, AE title STORESCP) writes what it receives.</summary>
    public string MoveDestinationDirectory => Path.Combine(_source, "moved");

    private RunningPeer _storescp = null!;

    private RunningPeer _implicitStorescp = null!;

    /// <summary>Where the Implicit-VR-only move destination writes.</summary>
    public string ImplicitDestinationDirectory => Path.Combine(_source, "moved-implicit");

    /// <summary>The generated source files by SOP Instance UID: what a retrieve must bring back byte for byte.</summary>
    public Dictionary<string, string> Sources { get; } = new(StringComparer.Ordinal);

    public static string Study(string suffix) => $"{Root}.1.{suffix}";

    public static string Series(string suffix) => $"{Root}.2.{suffix}";

    public static string Sop(string suffix) => $"{Root}.3.{suffix}";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_source);
        foreach (var (study, series, sop) in Instances.Append((ImplicitStudy, "4.1", "4.1.1")))
        {
            var dump = Path.Combine(_source, sop + ".txt");
            var file = Path.Combine(_source, sop + ".dcm");
            await File.WriteAllTextAsync(dump, $"""
                (0008,0016) UI [{SecondaryCapture}]
                (0008,0018) UI [{Sop(sop)}]
                (0008,0060) CS [OT]
                (0010,0010) PN [DOE^JOHN]
                (0010,0020) LO [P1]
                (0020,000d) UI [{Study(study)}]
                (0020,000e) UI [{Series(series)}]
                (0029,0010) LO [PEAKE TEST]
                (0029,1001) OB 01\02\03\04\05\06\07\{sop.Length:X2}
                """);
            var made = await PeerProcess.RunAsync("dump2dcm", ["+te", dump, file], TimeSpan.FromSeconds(30));
            Assert.True(made.ExitCode == 0, made.ToString());
            Sources[Sop(sop)] = file;
        }

        _storescp = await Storescp.StartAsync(MoveDestinationDirectory);
        _implicitStorescp = await Storescp.StartAsync(ImplicitDestinationDirectory, acceptAllSyntaxes: false, extraArguments: ["+xi"]);
        var destinations = new Dictionary<string, MoveDestination>
        {
            [Storescp.AeTitle] = new("127.0.0.1", _storescp.Port),
            [ImplicitDestination] = new("127.0.0.1", _implicitStorescp.Port),
        };
        IReadOnlyList<string> plain = ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2"];
        Server = TestServer.Start(
            configure: o => o with
            {
                Acceptor = o.Acceptor with { RequestorScpRoleSopClasses = new HashSet<string> { SecondaryCapture } },
                MoveDestinations = destinations,
                MoveTimeout = TimeSpan.FromSeconds(10),
            },
            syntaxes: new Dictionary<string, IReadOnlyList<string>>
            {
                [SecondaryCapture] = plain,
                [CFindRequest.StudyRootSopClassUid] = plain,
                [CGetRequest.PatientRootSopClassUid] = plain,
                [CGetRequest.StudyRootSopClassUid] = plain,
                [CMoveRequest.PatientRootSopClassUid] = plain,
                [CMoveRequest.StudyRootSopClassUid] = plain,
            },
            answerFind: true);
        var stored = await PeerProcess.RunAsync(
            "storescu",
            ["-aet", "STORESCU", "-aec", TestServer.AeTitle, "-to", "10", "-ta", "10", "-td", "10", "127.0.0.1", Server.Port,
             .. Sources.Where(p => p.Key != Sop("4.1.1")).Select(p => p.Value)],
            TimeSpan.FromSeconds(60));
        Assert.True(stored.ExitCode == 0, stored.ToString());
        // storescu -xi proposes Implicit VR LE only and converts the file on the way: stored in Implicit VR LE.
        var implicitStored = await PeerProcess.RunAsync(
            "storescu",
            ["-xi", "-aet", "STORESCU", "-aec", TestServer.AeTitle, "-to", "10", "-ta", "10", "-td", "10", "127.0.0.1", Server.Port, Sources[Sop("4.1.1")]],
            TimeSpan.FromSeconds(60));
        Assert.True(implicitStored.ExitCode == 0, implicitStored.ToString());
        // Placed in the folder and indexed as the store would: the SCP accepts no JPEG context to receive it on.
        var jpeg = await RetrieveSources.MakeJpegAsync(_source, Sop("5.1.1"), Study(CompressedStudy), Series("5.1"));
        Sources[Sop("5.1.1")] = jpeg;
        var placed = Path.Combine(Server.Directory, Sop("5.1.1") + ".dcm");
        File.Copy(jpeg, placed);
        Assert.True(Server.Store.Index.TryAddFile(placed));
    }

    /// <summary>Runs getscu (-P or -S) with the keys into a new folder; returns its result and the files it wrote.</summary>
    internal async Task<(PeerResult Result, string[] Files)> GetAsync(string model, params string[] keys)
    {
        var output = Path.Combine(_source, "get-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(output);
        var result = await PeerProcess.RunAsync(
            "getscu",
            ["-v", model, "-aet", "GETSCU", "-aec", TestServer.AeTitle, "-to", "10", "-ta", "10", "-td", "10", "-od", output,
             .. keys.SelectMany(k => new[] { "-k", k }), "127.0.0.1", Server.Port],
            TimeSpan.FromSeconds(60));
        return (result, Directory.GetFiles(output));
    }

    /// <summary>Runs movescu (-P or -S) asking for the keys to go to <paramref name="destination"/>.</summary>
    internal Task<PeerResult> MoveAsync(string model, string destination, params string[] keys) =>
        PeerProcess.RunAsync(
            "movescu",
            ["-v", model, "-aet", "MOVESCU", "-aec", TestServer.AeTitle, "-aem", destination, "-to", "10", "-ta", "10", "-td", "30",
             .. keys.SelectMany(k => new[] { "-k", k }), "127.0.0.1", Server.Port],
            TimeSpan.FromSeconds(60));

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _storescp.Dispose();
        _implicitStorescp.Dispose();
        Directory.Delete(_source, recursive: true);
    }
}
