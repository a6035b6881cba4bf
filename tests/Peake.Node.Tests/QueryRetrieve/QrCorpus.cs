using Peake.Dicom;
using Peake.Node.Tests.Replication;

namespace Peake.Node.Tests.QueryRetrieve;

/// <summary>One study of the query corpus as written (what a query should find, and the files a retrieve must return).</summary>
internal sealed record QrStudy(string Uid, string PatientId, string Date, string Time, string Accession, string Modality, string ProcedureCode, IReadOnlyList<CorpusInstance> Instances)
{
    public IReadOnlyList<string> SeriesUids => [.. Instances.Select(i => i.SeriesUid).Distinct()];
}

/// <summary>
/// The query/retrieve acceptance corpus (issue 6), written with our own Part 10 writer and sent by one hospital of the
/// storing site: two patients, three studies with the attributes each PS3.4 C.2.2.2 matching kind needs — distinct
/// dates and times for ranges, accession numbers for single values, a procedure code sequence for sequence matching —
/// and a first patient whose name is outside ASCII (ISO_IR 100, Latin-1), for the Specific Character Set of request and
/// answer. Patient IDs carry a token of their own, so the archive's other corpora never match these queries.
/// </summary>
internal sealed class QrCorpus
{
    public const string LatinName = "Müller^Jörg";

    private QrCorpus(string token, IReadOnlyList<QrStudy> studies)
    {
        Token = token;
        Studies = studies;
    }

    /// <summary>The corpus's own token: in every Patient ID, and in the second patient's name.</summary>
    public string Token { get; }

    /// <summary>Study 0: CT, 2 series × 3 instances, patient 1. Study 1: MR, 1 × 2, patient 1. Study 2: CR, 1 × 2, patient 2.</summary>
    public IReadOnlyList<QrStudy> Studies { get; }

    public IReadOnlyList<CorpusInstance> Instances => [.. Studies.SelectMany(s => s.Instances)];

    public string Patient1 => Studies[0].PatientId;

    public string Patient2 => Studies[2].PatientId;

    /// <summary>The second patient's name: ASCII, with the token, so wildcards on it match this corpus only.</summary>
    public string Patient2Name => $"DOE{Token}^JANE";

    public static QrCorpus Write(string folder, string hospital)
    {
        var token = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var p1 = $"QR{token}-1";
        var p2 = $"QR{token}-2";
        var written = new List<QrStudy>();
        var n = 0;
        QrStudy Study(string patientId, string name, string charset, string date, string time, string modality, string code, int series, int instances)
        {
            var study = new QrStudy(DicomUid.Generate(), patientId, date, time, $"A{token}{written.Count}", modality, code, []);
            var files = new List<CorpusInstance>();
            for (var se = 1; se <= series; se++)
            {
                var seriesUid = DicomUid.Generate();
                for (var i = 1; i <= instances; i++)
                {
                    var instance = new CorpusInstance(
                        Path.Combine(folder, $"{++n:D3}.dcm"), hospital, patientId, study.Uid, seriesUid, Corpus.Modalities[modality], DicomUid.Generate());
                    WriteInstance(instance, study, name, charset, se, i);
                    files.Add(instance);
                }
            }
            var done = study with { Instances = files };
            written.Add(done);
            return done;
        }
        Study(p1, LatinName, "ISO_IR 100", "20240115", "101500", "CT", "CT1", 2, 3);
        Study(p1, LatinName, "ISO_IR 100", "20250620", "143000", "MR", "MR7", 1, 2);
        Study(p2, $"DOE{token}^JANE", "", "20260301", "080000", "CR", "CR2", 1, 2);
        return new QrCorpus(token, written);
    }

    private static void WriteInstance(CorpusInstance at, QrStudy study, string name, string charset, int seriesNumber, int number)
    {
        var d = new DicomDataset();
        // First: the character set decides how the text set below is encoded.
        if (charset.Length > 0)
            d.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, charset);
        d.SetString(DicomTags.SOPClassUID, DicomVR.UI, at.SopClassUid);
        d.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, at.SopInstanceUid);
        d.SetString(DicomTags.StudyDate, DicomVR.DA, study.Date);
        d.SetString(DicomTags.StudyTime, DicomVR.TM, study.Time);
        d.SetString(DicomTags.AccessionNumber, DicomVR.SH, study.Accession);
        d.SetString(DicomTags.Modality, DicomVR.CS, study.Modality);
        d.SetString(DicomTags.ReferringPhysicianName, DicomVR.PN, "SMITH^ANN");
        d.SetString(DicomTags.StudyDescription, DicomVR.LO, $"{study.Modality} study of {study.Date}");
        // Explicit lengths: storescu re-encodes what it sends with them, and the file must hold the bytes the archive gets.
        d.Set(new DicomSequence(DicomTags.ProcedureCodeSequence, [Code(d, study.ProcedureCode)], undefinedLength: false));
        d.SetString(DicomTags.PatientName, DicomVR.PN, name);
        d.SetString(DicomTags.PatientID, DicomVR.LO, at.PatientId);
        d.SetString(DicomTags.PatientBirthDate, DicomVR.DA, "19800101");
        d.SetString(DicomTags.PatientSex, DicomVR.CS, "M");
        d.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, at.StudyUid);
        d.SetString(DicomTags.SeriesInstanceUID, DicomVR.UI, at.SeriesUid);
        d.SetString(DicomTags.StudyID, DicomVR.SH, "1");
        d.SetString(DicomTags.SeriesNumber, DicomVR.IS, $"{seriesNumber}");
        d.SetString(DicomTags.InstanceNumber, DicomVR.IS, $"{number}");
        d.SetValues(DicomTags.SamplesPerPixel, DicomVR.US, (ushort)1);
        d.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
        d.SetValues(DicomTags.Rows, DicomVR.US, (ushort)16);
        d.SetValues(DicomTags.Columns, DicomVR.US, (ushort)16);
        d.SetValues(DicomTags.BitsAllocated, DicomVR.US, (ushort)16);
        d.SetValues(DicomTags.BitsStored, DicomVR.US, (ushort)12);
        d.SetValues(DicomTags.HighBit, DicomVR.US, (ushort)11);
        d.SetValues(DicomTags.PixelRepresentation, DicomVR.US, (ushort)0);
        var pixels = new byte[16 * 16 * 2];
        Random.Shared.NextBytes(pixels);
        for (var i = 1; i < pixels.Length; i += 2)
            pixels[i] &= 0x0F;
        d.Set(new DicomValueElement(DicomTags.PixelData, DicomVR.OW, pixels));
        DicomFileWriter.Write(at.Path, d, DicomTransferSyntax.ExplicitVRLittleEndian);
    }

    private static DicomDataset Code(DicomDataset parent, string value)
    {
        var item = new DicomDataset(parent);
        item.SetString(DicomTags.CodeValue, DicomVR.SH, value);
        item.SetString(DicomTags.CodingSchemeDesignator, DicomVR.SH, "LOCAL");
        item.SetString(DicomTags.CodeMeaning, DicomVR.LO, $"Procedure {value}");
        return item;
    }
}
