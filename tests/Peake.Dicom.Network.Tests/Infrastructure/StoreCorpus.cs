using System.Globalization;
using System.Text;

namespace Peake.Dicom.Network.Tests.Infrastructure;

/// <summary>
/// Builds small Part 10 files at test time with dcmtk (dump2dcm, dcmcjpeg, dcmcrle): a few data set shapes, each
/// written in every syntax the store tests cover, every file with its own SOP Instance UID.
/// </summary>
internal sealed class StoreCorpus : IDisposable
{
    public const string SecondaryCapture = "1.2.840.10008.5.1.4.1.1.7";
    public const string CtImage = "1.2.840.10008.5.1.4.1.1.2";

    /// <summary>The syntaxes the corpus holds, by UID, with how to produce each from a dump.</summary>
    public static readonly string[] Syntaxes =
    [
        "1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99",
        "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.5",
    ];

    private StoreCorpus(string directory, List<string> files)
    {
        Directory = directory;
        Files = files;
    }

    public string Directory { get; }

    public IReadOnlyList<string> Files { get; }

    public static async Task<StoreCorpus> CreateAsync(int shapes)
    {
        var directory = Path.Combine(Path.GetTempPath(), "peake-corpus-" + Guid.NewGuid().ToString("N"));
        var work = Path.Combine(directory, "work");
        System.IO.Directory.CreateDirectory(work);
        var files = new List<string>();
        var serial = 0;
        try
        {
            for (var shape = 0; shape < shapes; shape++)
            {
                foreach (var syntax in Syntaxes)
                {
                    serial++;
                    var uid = $"1.2.826.0.1.3680043.9.7433.{shape + 1}.{serial}";
                    var dump = Path.Combine(work, $"{serial}.dump");
                    await File.WriteAllTextAsync(dump, Dump(shape, uid));
                    var output = Path.Combine(directory, $"{serial:D3}.dcm");
                    await ProduceAsync(dump, syntax, output, Path.Combine(work, $"{serial}.dcm"));
                    files.Add(output);
                }
            }
            System.IO.Directory.Delete(work, recursive: true);
        }
        catch
        {
            // A tool that failed must not leave a half-built corpus behind in /tmp.
            System.IO.Directory.Delete(directory, recursive: true);
            throw;
        }
        return new StoreCorpus(directory, files);
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    /// <param name="undefinedLengths">Write sequences and items with undefined length (-e of each dcmtk tool; its default is explicit).</param>
    internal static async Task ProduceAsync(string dump, string syntax, string output, string scratch, bool undefinedLengths = false)
    {
        string[][] steps = syntax switch
        {
            "1.2.840.10008.1.2" => [["dump2dcm", "+ti", dump, output]],
            "1.2.840.10008.1.2.1" => [["dump2dcm", "+te", dump, output]],
            "1.2.840.10008.1.2.2" => [["dump2dcm", "+tb", dump, output]],
            "1.2.840.10008.1.2.1.99" => [["dump2dcm", "+td", dump, output]],
            // Keep the SOP Instance UID even for lossy JPEG so each file's name in the store is known in advance.
            "1.2.840.10008.1.2.4.50" => [["dump2dcm", "+te", dump, scratch], ["dcmcjpeg", "+eb", "+un", scratch, output]],
            "1.2.840.10008.1.2.4.70" => [["dump2dcm", "+te", dump, scratch], ["dcmcjpeg", "+e1", scratch, output]],
            "1.2.840.10008.1.2.5" => [["dump2dcm", "+te", dump, scratch], ["dcmcrle", scratch, output]],
            _ => throw new ArgumentOutOfRangeException(nameof(syntax), syntax, null),
        };
        foreach (var step in steps)
        {
            var result = await PeerProcess.RunAsync(step[0], undefinedLengths ? ["-e", .. step[1..]] : step[1..], TimeSpan.FromSeconds(30));
            Assert.True(result.ExitCode == 0, $"{string.Join(' ', step)}: {result}");
        }
    }

    /// <summary>A dump2dcm listing: shapes differ in SOP class, size, sequences and text.</summary>
    private static string Dump(int shape, string uid)
    {
        var side = 8 << (shape % 3);
        var pixels = string.Join('\\', Enumerable.Range(0, side * side).Select(i => ((i * (shape + 3)) % 251).ToString("x2", CultureInfo.InvariantCulture)));
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"(0008,0016) UI [{(shape % 2 == 0 ? SecondaryCapture : CtImage)}]");
        sb.AppendLine(CultureInfo.InvariantCulture, $"(0008,0018) UI [{uid}]");
        sb.AppendLine("(0008,0060) CS [OT]");
        if (shape % 2 == 1)
        {
            sb.AppendLine("(0008,1140) SQ (Sequence with undefined length #=1)");
            sb.AppendLine("  (fffe,e000) na (Item with undefined length #=2)");
            sb.AppendLine("    (0008,1150) UI [1.2.840.10008.5.1.4.1.1.2]");
            sb.AppendLine("    (0008,1155) UI [1.2.3.4]");
            sb.AppendLine("  (fffe,e00d) na (ItemDelimitationItem)");
            sb.AppendLine("(fffe,e0dd) na (SequenceDelimitationItem)");
        }
        sb.AppendLine(CultureInfo.InvariantCulture, $"(0010,0010) PN [Test^Patient{shape}]");
        sb.AppendLine(CultureInfo.InvariantCulture, $"(0010,0020) LO [ID{shape}]");
        sb.AppendLine("(0020,000d) UI [1.2.826.0.1.3680043.9.7433.100]");
        sb.AppendLine("(0020,000e) UI [1.2.826.0.1.3680043.9.7433.100.1]");
        sb.AppendLine("(0028,0002) US 1");
        sb.AppendLine("(0028,0004) CS [MONOCHROME2]");
        sb.AppendLine(CultureInfo.InvariantCulture, $"(0028,0010) US {side}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"(0028,0011) US {side}");
        sb.AppendLine("(0028,0100) US 8");
        sb.AppendLine("(0028,0101) US 8");
        sb.AppendLine("(0028,0102) US 7");
        sb.AppendLine("(0028,0103) US 0");
        sb.AppendLine(CultureInfo.InvariantCulture, $"(7fe0,0010) OB {pixels}");
        return sb.ToString();
    }
}
