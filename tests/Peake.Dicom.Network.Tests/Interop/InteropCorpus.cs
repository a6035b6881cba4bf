using System.Globalization;
using System.Text;
using Peake.Dicom.Network.Tests.Infrastructure;

namespace Peake.Dicom.Network.Tests.Interop;

/// <summary>
/// A small archive built at test time with dcmtk: three patients, four studies, five series, ten instances, so that
/// every query level has more than one candidate and a query can miss. Patient A is all Explicit VR Little Endian,
/// the syntax every peer proposes first when it sends, so what a C-MOVE delivers can be compared byte for byte; B and
/// C carry the other uncompressed, deflated and compressed syntaxes and a sequence of undefined length for the store
/// tests.
/// </summary>
internal sealed class InteropCorpus : IDisposable
{
    private const string Root = "1.2.826.0.1.3680043.9.7433.77";
    private const string ExplicitLe = "1.2.840.10008.1.2.1";

    // (patient, study, series, syntaxes of its instances)
    private static readonly (string Patient, int Study, int Series, string[] Syntaxes)[] Layout =
    [
        ("A", 1, 1, [ExplicitLe, ExplicitLe]),
        ("A", 1, 2, [ExplicitLe]),
        ("A", 2, 1, [ExplicitLe]),
        ("B", 1, 1, ["1.2.840.10008.1.2", "1.2.840.10008.1.2.2"]),
        ("C", 1, 1, ["1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.5", "1.2.840.10008.1.2.1.99"]),
    ];

    private InteropCorpus(string directory, IReadOnlyList<InteropInstance> instances)
    {
        Directory = directory;
        Instances = instances;
    }

    public string Directory { get; }

    public IReadOnlyList<InteropInstance> Instances { get; }

    public static string PatientId(string patient) => "PEAKE-" + patient;

    public static string StudyUid(string patient, int study) => $"{Root}.{patient[0] - 'A' + 1}.{study}";

    public static string SeriesUid(string patient, int study, int series) => $"{StudyUid(patient, study)}.{series}";

    /// <summary>The folder holding one patient's files only (what `peake dicom store DIR` is given).</summary>
    public string PatientFolder(string patient) => PatientFolder(Directory, patient);

    public static async Task<InteropCorpus> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "peake-interop-" + Guid.NewGuid().ToString("N"));
        var work = Path.Combine(directory, "work");
        System.IO.Directory.CreateDirectory(work);
        var instances = new List<InteropInstance>();
        try
        {
            foreach (var (patient, study, series, syntaxes) in Layout)
            {
                var folder = PatientFolder(directory, patient);
                System.IO.Directory.CreateDirectory(folder);
                for (var i = 0; i < syntaxes.Length; i++)
                {
                    var instance = new InteropInstance(
                        PatientId(patient),
                        $"Interop^{patient}",
                        StudyUid(patient, study),
                        SeriesUid(patient, study, series),
                        $"{SeriesUid(patient, study, series)}.{i + 1}",
                        syntaxes[i],
                        Path.Combine(folder, $"{study}{series}{i + 1}.dcm"),
                        UndefinedLengths: patient != "A");
                    var dump = Path.Combine(work, Path.GetFileNameWithoutExtension(instance.Path) + ".dump");
                    await File.WriteAllTextAsync(dump, Dump(instance, i + 1));
                    await StoreCorpus.ProduceAsync(dump, instance.TransferSyntax, instance.Path, Path.ChangeExtension(dump, ".dcm"), instance.UndefinedLengths);
                    instances.Add(instance);
                }
            }
            System.IO.Directory.Delete(work, recursive: true);
        }
        catch
        {
            System.IO.Directory.Delete(directory, recursive: true);
            throw;
        }
        return new InteropCorpus(directory, instances);
    }

    private static string PatientFolder(string directory, string patient) => Path.Combine(directory, patient);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    /// <summary>A Secondary Capture image of 8x8 8-bit pixels with the patient/study/series/instance keys.</summary>
    private static string Dump(InteropInstance instance, int number)
    {
        var pixels = string.Join('\\', Enumerable.Range(0, 64).Select(p => ((p * (number + 3)) % 251).ToString("x2", CultureInfo.InvariantCulture)));
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"(0008,0016) UI [{StoreCorpus.SecondaryCapture}]");
        sb.AppendLine(CultureInfo.InvariantCulture, $"(0008,0018) UI [{instance.SopInstanceUid}]");
        sb.AppendLine("(0008,0020) DA [20260102]");
        sb.AppendLine("(0008,0060) CS [OT]");
        if (instance.UndefinedLengths)
        {
            // A peer that re-encodes lengths shows up in the store test.
            sb.AppendLine("(0008,1140) SQ (Sequence with undefined length #=1)");
            sb.AppendLine("  (fffe,e000) na (Item with undefined length #=1)");
            sb.AppendLine(CultureInfo.InvariantCulture, $"    (0008,1150) UI [{StoreCorpus.SecondaryCapture}]");
            sb.AppendLine("    (0008,1155) UI [1.2.826.0.1.3680043.9.7433.77.0]");
            sb.AppendLine("  (fffe,e00d) na (ItemDelimitationItem)");
            sb.AppendLine("(fffe,e0dd) na (SequenceDelimitationItem)");
        }
        sb.AppendLine(CultureInfo.InvariantCulture, $"(0010,0010) PN [{instance.PatientName}]");
        sb.AppendLine(CultureInfo.InvariantCulture, $"(0010,0020) LO [{instance.PatientId}]");
        sb.AppendLine(CultureInfo.InvariantCulture, $"(0020,000d) UI [{instance.StudyUid}]");
        sb.AppendLine(CultureInfo.InvariantCulture, $"(0020,000e) UI [{instance.SeriesUid}]");
        sb.AppendLine("(0020,0010) SH [1]");
        sb.AppendLine("(0020,0011) IS [1]");
        sb.AppendLine(CultureInfo.InvariantCulture, $"(0020,0013) IS [{number}]");
        sb.AppendLine("(0028,0002) US 1");
        sb.AppendLine("(0028,0004) CS [MONOCHROME2]");
        sb.AppendLine("(0028,0010) US 8");
        sb.AppendLine("(0028,0011) US 8");
        sb.AppendLine("(0028,0100) US 8");
        sb.AppendLine("(0028,0101) US 8");
        sb.AppendLine("(0028,0102) US 7");
        sb.AppendLine("(0028,0103) US 0");
        sb.AppendLine(CultureInfo.InvariantCulture, $"(7fe0,0010) OB {pixels}");
        return sb.ToString();
    }
}
