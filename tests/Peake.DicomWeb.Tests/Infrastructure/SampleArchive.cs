using Peake.Dicom;

namespace Peake.DicomWeb.Tests.Infrastructure;

/// <summary>
/// Two studies behind a started host: DOE^JOHN's CT study (series A: two Explicit VR LE instances, series B: one
/// Implicit VR LE instance, as C-STORE often stores them) and SMITH^ANNA's MR study.
/// </summary>
internal sealed class SampleArchive : IAsyncDisposable
{
    public const string Root = "1.2.826.0.1.3680043.10.999";
    public const string Study1 = Root + ".1";
    public const string Series1A = Root + ".1.1";
    public const string Series1B = Root + ".1.2";
    public const string Sop1A1 = Root + ".1.1.1";
    public const string Sop1A2 = Root + ".1.1.2";
    public const string Sop1B1 = Root + ".1.2.1";
    public const string Study2 = Root + ".2";
    public const string Series2A = Root + ".2.1";
    public const string Sop2A1 = Root + ".2.1.1";

    private readonly DirectoryInfo _directory;

    private SampleArchive(DirectoryInfo directory, DicomWebHost host, Dictionary<string, string> paths)
    {
        _directory = directory;
        Host = host;
        Paths = paths;
    }

    public DicomWebHost Host { get; }

    /// <summary>The stored file of each sample instance, by SOP Instance UID.</summary>
    public IReadOnlyDictionary<string, string> Paths { get; }

    public string Url(string relative) => Host.BaseUrl + relative;

    public static async Task<SampleArchive> StartAsync(DicomWebOptions? options = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("peake-dicomweb-");
        var sources = System.IO.Directory.CreateDirectory(Path.Combine(directory.FullName, "samples")).FullName;
        var paths = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Sop1A1] = TestInstances.Write(sources, "DOE^JOHN", "P1", Study1, Series1A, Sop1A1, "CT", "20200315"),
            [Sop1A2] = TestInstances.Write(sources, "DOE^JOHN", "P1", Study1, Series1A, Sop1A2, "CT", "20200315"),
            [Sop1B1] = TestInstances.Write(sources, "DOE^JOHN", "P1", Study1, Series1B, Sop1B1, "CT", "20200315", DicomTransferSyntax.ImplicitVRLittleEndian),
            [Sop2A1] = TestInstances.Write(sources, "SMITH^ANNA", "P2", Study2, Series2A, Sop2A1, "MR", "20210704"),
        };
        var host = await DicomWebHost.StartAsync(Path.Combine(directory.FullName, "archive"), options);
        foreach (var path in paths.Values)
        {
            host.Archive.Add(path);
        }

        return new SampleArchive(directory, host, paths);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        _directory.Delete(recursive: true);
    }
}
