using System.Globalization;
using System.Text;

namespace Peake.Dicom.Network.Tests.Infrastructure;

/// <summary>
/// dcmtk's dcmqrscp (query/retrieve archive) for the length of a test: a private dcmqrscp.cfg and storage area in a
/// temp folder, a free loopback port, bit preserving (+B: it writes each data set exactly as received). It forks a
/// child per association (dcmtk 3.6.7's --single-process crashes with SIGSEGV after the first release); a child ends
/// with its association, so killing the listening parent started here leaves nothing behind once the test's
/// associations are released. An association profile (-xf) accepts the storage
/// SOP classes in every syntax of the interop corpus; retrieves are offered to destinations uncompressed, the way
/// dcmqrscp proposes them by default. Disposing kills that process and deletes the folder.
/// </summary>
internal sealed class DcmqrscpPeer : IDisposable
{
    public const string AeTitle = "DCMQRSCP_IT";

    private static readonly string[] AnySyntax =
    [
        "1.2.840.10008.1.2.1", "1.2.840.10008.1.2", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99",
        "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.5",
    ];

    private static readonly string[] Uncompressed = ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2", "1.2.840.10008.1.2.2"];

    private static readonly string[] StorageClasses = [StoreCorpus.SecondaryCapture, StoreCorpus.CtImage];

    // PS3.4 C.6: FIND, MOVE and GET of the patient root and study root information models.
    private static readonly string[] QueryRetrieveClasses =
    [
        "1.2.840.10008.5.1.4.1.2.1.1", "1.2.840.10008.5.1.4.1.2.1.2", "1.2.840.10008.5.1.4.1.2.1.3",
        "1.2.840.10008.5.1.4.1.2.2.1", "1.2.840.10008.5.1.4.1.2.2.2", "1.2.840.10008.5.1.4.1.2.2.3",
    ];

    private readonly RunningPeer _process;

    private DcmqrscpPeer(RunningPeer process, string directory)
    {
        _process = process;
        Directory = directory;
    }

    public string Directory { get; }

    public int Port => _process.Port;

    /// <summary>Where dcmqrscp writes the files it receives (and its index.dat).</summary>
    public string StorageArea => Path.Combine(Directory, "storage");

    public string Output => _process.Output;

    /// <param name="destinations">Move destinations, reachable on 127.0.0.1.</param>
    public static async Task<DcmqrscpPeer> StartAsync(IEnumerable<DicomPeer> destinations)
    {
        var directory = Path.Combine(Path.GetTempPath(), "peake-dcmqrscp-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "storage"));
        var config = Path.Combine(directory, "dcmqrscp.cfg");
        var profile = Path.Combine(directory, "profiles.cfg");
        await File.WriteAllTextAsync(config, Config(Path.Combine(directory, "storage"), destinations.ToList()));
        await File.WriteAllTextAsync(profile, Profiles());
        for (var attempt = 1; ; attempt++)
        {
            var peer = new DcmqrscpPeer(
                RunningPeer.Start("dcmqrscp", port => ["+B", "-c", config, "-xf", profile, "Archive", "Retrieve", port.ToString(CultureInfo.InvariantCulture)]),
                directory);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            while (!peer._process.HasExited && DateTime.UtcNow < deadline)
            {
                var probe = await PeerProcess.RunAsync(
                    "echoscu", ["-aec", AeTitle, "-to", "5", "-ta", "5", "-td", "5", "127.0.0.1", peer.Port.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
                if (probe.ExitCode == 0)
                {
                    return peer;
                }
                await Task.Delay(50);
            }
            var output = peer.Output;
            peer._process.Dispose();
            if (attempt >= 3)
            {
                System.IO.Directory.Delete(directory, recursive: true);
                Assert.Fail($"dcmqrscp did not start answering:\n{output}");
            }
        }
    }

    /// <summary>The files in the storage area, by the SOP Instance UID in their meta header.</summary>
    public IReadOnlyDictionary<string, string> StoredFiles() =>
        System.IO.Directory.GetFiles(StorageArea)
            .Where(f => Path.GetFileName(f) != "index.dat")
            .ToDictionary(Part10.SopInstanceUid, f => f, StringComparer.Ordinal);

    public void Dispose()
    {
        _process.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    // dcmqrscp(1) CONFIGURATION: peers by symbolic name in the HostTable; one AE with its storage area, access and
    // quota (studies, bytes per study); ANY lets every peer associate.
    private static string Config(string storage, IReadOnlyList<DicomPeer> destinations)
    {
        var sb = new StringBuilder();
        sb.AppendLine("MaxPDUSize = 16384");
        sb.AppendLine("MaxAssociations = 16");
        sb.AppendLine("HostTable BEGIN");
        foreach (var d in destinations)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"{d.AeTitle.ToLowerInvariant()} = ({d.AeTitle}, 127.0.0.1, {d.Port})");
        }
        sb.AppendLine("HostTable END");
        sb.AppendLine("VendorTable BEGIN");
        sb.AppendLine("VendorTable END");
        sb.AppendLine("AETable BEGIN");
        sb.AppendLine(CultureInfo.InvariantCulture, $"{AeTitle} {storage} RW (100, 64mb) ANY");
        sb.AppendLine("AETable END");
        return sb.ToString();
    }

    // The association negotiation profile format of dcmtk's asccfg (see /etc/dcmtk/storescp.cfg).
    private static string Profiles()
    {
        var sb = new StringBuilder();
        sb.AppendLine("[[TransferSyntaxes]]");
        Section(sb, "AnySyntax", "TransferSyntax", AnySyntax);
        Section(sb, "Uncompressed", "TransferSyntax", Uncompressed);
        sb.AppendLine("[[PresentationContexts]]");
        Section(sb, "Incoming", "PresentationContext", [
            "1.2.840.10008.1.1\\Uncompressed",
            .. StorageClasses.Select(c => c + "\\AnySyntax"),
            .. QueryRetrieveClasses.Select(c => c + "\\Uncompressed"),
        ]);
        Section(sb, "Outgoing", "PresentationContext", [.. StorageClasses.Select(c => c + "\\Uncompressed")]);
        // PS3.4 C.4.3: a C-GET SCU receives its instances on the same association, as the SCP of the storage classes.
        sb.AppendLine("[[SCPSCURoleSelection]]");
        Section(sb, "GetRoles", "Role", [.. StorageClasses.Select(c => c + "\\BOTH")]);
        sb.AppendLine("[[Profiles]]");
        sb.AppendLine("[Archive]");
        sb.AppendLine("PresentationContexts = Incoming");
        sb.AppendLine("SCPSCURoleSelection = GetRoles");
        sb.AppendLine("[Retrieve]");
        sb.AppendLine("PresentationContexts = Outgoing");
        return sb.ToString();
    }

    private static void Section(StringBuilder sb, string name, string key, IReadOnlyList<string> values)
    {
        sb.AppendLine(CultureInfo.InvariantCulture, $"[{name}]");
        for (var i = 0; i < values.Count; i++)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"{key}{i + 1} = {values[i]}");
        }
    }
}
