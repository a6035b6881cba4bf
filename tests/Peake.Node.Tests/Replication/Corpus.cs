using Peake.Dicom;

namespace Peake.Node.Tests.Replication;

/// <summary>One generated instance: the file sent, who sends it (the hospital's calling AE) and its identity.</summary>
internal sealed record CorpusInstance(string Path, string Hospital, string PatientId, string StudyUid, string SeriesUid, string SopClassUid, string SopInstanceUid)
{
    /// <summary>The home site of a patient first seen from this hospital: the hospital's site.</summary>
    public string HomeSite => Hospitals.SiteOf(Hospital);
}

/// <summary>
/// A multi-patient test corpus written with our own Part 10 writer into a temp folder: for each hospital given,
/// some patients, each with studies, series and instances of one modality (CT unless told) (explicit VR little endian). UIDs are new on every
/// call, so corpora of several tests on one cluster never collide. Pixel data is random, so no two instances share
/// bytes (a shared blob would hide a missing copy); every seventh instance is a 256x256 frame (128 KiB, several
/// PDUs and transfer buffers), the rest 32x32, which keeps a few hundred instances within seconds to send.
/// </summary>
internal static class Corpus
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    /// <summary>Image storage SOP classes a hospital sends every day, by modality (PS3.4 B.5).</summary>
    public static readonly IReadOnlyDictionary<string, string> Modalities = new Dictionary<string, string>
    {
        ["CT"] = CtImageStorage,
        ["MR"] = "1.2.840.10008.5.1.4.1.1.4",
        ["CR"] = "1.2.840.10008.5.1.4.1.1.1",
        ["DX"] = "1.2.840.10008.5.1.4.1.1.1.1",
        ["MG"] = "1.2.840.10008.5.1.4.1.1.1.2",
        ["US"] = "1.2.840.10008.5.1.4.1.1.6.1",
    };

    public static IReadOnlyList<CorpusInstance> Generate(string folder, IEnumerable<string> hospitals, int patients, int studies, int series, int instances, string modality = "CT")
    {
        var list = new List<CorpusInstance>();
        var random = new Random(Environment.TickCount);
        var n = 0;
        foreach (var hospital in hospitals)
        {
            for (var p = 0; p < patients; p++)
            {
                var patientId = $"ACC-{hospital}-{Guid.NewGuid().ToString("N")[..8]}";
                for (var st = 0; st < studies; st++)
                {
                    var study = DicomUid.Generate();
                    for (var se = 0; se < series; se++)
                    {
                        var seriesUid = DicomUid.Generate();
                        for (var i = 0; i < instances; i++)
                        {
                            var sop = DicomUid.Generate();
                            var path = Path.Combine(folder, $"{++n:D5}.dcm");
                            var size = n % 7 == 0 ? 256 : 32;
                            var instance = new CorpusInstance(path, hospital, patientId, study, seriesUid, Modalities[modality], sop);
                            Write(random, size, instance, modality, $"{hospital}^P{p}", i + 1);
                            list.Add(instance);
                        }
                    }
                }
            }
        }
        return list;
    }

    private static void Write(Random random, int size, CorpusInstance at, string modality, string patientName, int number)
    {
        var d = new DicomDataset();
        d.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, at.SopClassUid);
        d.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, at.SopInstanceUid);
        d.SetString(new DicomTag(0x0008, 0x0020), DicomVR.DA, "20261129");
        d.SetString(new DicomTag(0x0008, 0x0060), DicomVR.CS, modality);
        d.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, patientName);
        d.SetString(new DicomTag(0x0010, 0x0020), DicomVR.LO, at.PatientId);
        d.SetString(new DicomTag(0x0010, 0x0030), DicomVR.DA, "19700101");
        d.SetString(new DicomTag(0x0010, 0x0040), DicomVR.CS, "O");
        d.SetString(new DicomTag(0x0020, 0x000D), DicomVR.UI, at.StudyUid);
        d.SetString(new DicomTag(0x0020, 0x000E), DicomVR.UI, at.SeriesUid);
        d.SetString(new DicomTag(0x0020, 0x0013), DicomVR.IS, $"{number}");
        d.SetValues(new DicomTag(0x0028, 0x0002), DicomVR.US, (ushort)1);
        d.SetString(new DicomTag(0x0028, 0x0004), DicomVR.CS, "MONOCHROME2");
        d.SetValues(new DicomTag(0x0028, 0x0010), DicomVR.US, (ushort)size);
        d.SetValues(new DicomTag(0x0028, 0x0011), DicomVR.US, (ushort)size);
        d.SetValues(new DicomTag(0x0028, 0x0100), DicomVR.US, (ushort)16);
        d.SetValues(new DicomTag(0x0028, 0x0101), DicomVR.US, (ushort)12);
        d.SetValues(new DicomTag(0x0028, 0x0102), DicomVR.US, (ushort)11);
        d.SetValues(new DicomTag(0x0028, 0x0103), DicomVR.US, (ushort)0);
        var pixels = new byte[size * size * 2];
        random.NextBytes(pixels);
        // 12 bits stored: keep the top four bits of each little-endian value clear.
        for (var i = 1; i < pixels.Length; i += 2)
            pixels[i] &= 0x0F;
        d.Set(new DicomValueElement(new DicomTag(0x7FE0, 0x0010), DicomVR.OW, pixels));
        DicomFileWriter.Write(at.Path, d, DicomTransferSyntax.ExplicitVRLittleEndian);
    }
}
