using Peake.Dicom.Network.Dimse;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Server;

/// <summary>
/// A query-answering <see cref="TestServer"/> holding 2 patients, 3 studies, 4 series and 6 instances, made with
/// dump2dcm at test time and stored through storescu, so the index is filled the way an archive's would be.
/// </summary>
public sealed class FindArchive : IAsyncLifetime
{
    public const string Root = "1.2.826.0.1.3680043.99.7";

    private const string SecondaryCapture = "1.2.840.10008.5.1.4.1.1.7";

    // Patient, name, study (suffix), date, time, series (suffix), modality, instance (suffix), procedure codes.
    private static readonly (string Patient, string Name, string Study, string Date, string Time, string Series, string Modality, string Sop, string[] Codes)[] Instances =
    [
        ("P1", "DOE^JOHN", "1", "20200101", "1000", "1.1", "OT", "1.1.1", ["CT1", "CT9"]),
        ("P1", "DOE^JOHN", "1", "20200101", "1000", "1.1", "OT", "1.1.2", ["CT1", "CT9"]),
        ("P1", "DOE^JOHN", "1", "20200101", "1000", "1.2", "CT", "1.2.1", ["CT1", "CT9"]),
        ("P1", "DOE^JOHN", "2", "20210505", "0900", "2.1", "MR", "2.1.1", ["MR1"]),
        ("P2", "ROE^JANE", "3", "20220303", "2000", "3.1", "OT", "3.1.1", []),
        ("P2", "ROE^JANE", "3", "20220303", "2000", "3.1", "OT", "3.1.2", []),
    ];

    private readonly string _source = Path.Combine(Path.GetTempPath(), "peake-find-" + Guid.NewGuid().ToString("N"));

    internal TestServer Server { get; private set; } = null!;

    public static string Study(string suffix) => $"{Root}.1.{suffix}";

    public static string Series(string suffix) => $"{Root}.2.{suffix}";

    public static string Sop(string suffix) => $"{Root}.3.{suffix}";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_source);
        var files = new List<string>();
        foreach (var (patient, name, study, date, time, series, modality, sop, codes) in Instances)
        {
            // PS3.4 C.2.2.2.6 sequence matching works on these: one item per procedure code.
            var procedures = string.Concat(codes.Select(c => $"""

                (fffe,e000) na (Item with undefined length)
                (0008,0100) SH [{c}]
                (0008,0102) SH [LOCAL]
                (fffe,e00d) na (ItemDelimitationItem)
                """));
            var dump = Path.Combine(_source, sop + ".txt");
            var file = Path.Combine(_source, sop + ".dcm");
            await File.WriteAllTextAsync(dump, $"""
                (0008,0016) UI [{SecondaryCapture}]
                (0008,0018) UI [{Sop(sop)}]
                (0008,0020) DA [{date}]
                (0008,0030) TM [{time}]
                (0008,0060) CS [{modality}]
                (0008,1032) SQ (Sequence with undefined length){procedures}
                (fffe,e0dd) na (SequenceDelimitationItem)
                (0010,0010) PN [{name}]
                (0010,0020) LO [{patient}]
                (0020,000d) UI [{Study(study)}]
                (0020,000e) UI [{Series(series)}]
                """);
            var made = await PeerProcess.RunAsync("dump2dcm", ["+te", dump, file], TimeSpan.FromSeconds(30));
            Assert.True(made.ExitCode == 0, made.ToString());
            files.Add(file);
        }

        IReadOnlyList<string> plain = ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2"];
        Server = TestServer.Start(
            syntaxes: new Dictionary<string, IReadOnlyList<string>>
            {
                [SecondaryCapture] = plain,
                [CFindRequest.PatientRootSopClassUid] = plain,
                [CFindRequest.StudyRootSopClassUid] = plain,
            },
            answerFind: true);
        var stored = await PeerProcess.RunAsync(
            "storescu",
            ["-aet", "STORESCU", "-aec", TestServer.AeTitle, "-to", "10", "-ta", "10", "-td", "10", "127.0.0.1", Server.Port, .. files],
            TimeSpan.FromSeconds(60));
        Assert.True(stored.ExitCode == 0, stored.ToString());
    }

    /// <summary>Runs findscu (-P or -S) with the keys; returns its exit result and the responses it extracted.</summary>
    internal Task<(PeerResult Result, List<DicomDataset> Responses)> FindAsync(string model, params string[] keys) =>
        FindscuAsync(Server.Port, Path.Combine(_source, "rsp-" + Guid.NewGuid().ToString("N")), [model], keys);

    /// <summary>Runs findscu with <paramref name="options"/> and the keys against a port; its result and the response identifiers (-X).</summary>
    internal static async Task<(PeerResult Result, List<DicomDataset> Responses)> FindscuAsync(
        string port, string output, IEnumerable<string> options, IEnumerable<string> keys)
    {
        Directory.CreateDirectory(output);
        var result = await PeerProcess.RunAsync(
            "findscu",
            ["-v", .. options, "-aet", "FINDSCU", "-aec", TestServer.AeTitle, "-to", "10", "-ta", "10", "-td", "10", "-X", "-od", output,
             .. keys.SelectMany(k => new[] { "-k", k }), "127.0.0.1", port],
            TimeSpan.FromSeconds(60));
        var responses = Directory.GetFiles(output, "rsp*.dcm").Order(StringComparer.Ordinal).Select(f => DicomFile.Open(f).Dataset).ToList();
        return (result, responses);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_source, recursive: true);
    }
}
