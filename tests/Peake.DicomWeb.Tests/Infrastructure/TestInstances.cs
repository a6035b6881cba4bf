using Peake.Dicom;

namespace Peake.DicomWeb.Tests.Infrastructure;

/// <summary>Small real Part 10 files written with our own writer: 4×4 16-bit CT/MR images, two frames each.</summary>
internal static class TestInstances
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    public const int Rows = 4;
    public const int Columns = 4;
    public const int Frames = 2;
    public const int FrameBytes = Rows * Columns * 2;

    public static string Write(
        string directory,
        string patientName,
        string patientId,
        string studyUid,
        string seriesUid,
        string sopUid,
        string modality,
        string studyDate,
        DicomTransferSyntax? syntax = null)
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");
        ds.SetString(DicomTags.SOPClassUID, DicomVR.UI, CtImageStorage);
        ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, sopUid);
        ds.SetString(DicomTags.StudyDate, DicomVR.DA, studyDate);
        ds.SetString(DicomTags.StudyTime, DicomVR.TM, "101500");
        ds.SetString(DicomTags.AccessionNumber, DicomVR.SH, "ACC" + patientId);
        ds.SetString(DicomTags.Modality, DicomVR.CS, modality);
        ds.SetString(DicomTags.ReferringPhysicianName, DicomVR.PN, "WHO^REFERS");
        ds.SetString(DicomTags.PatientName, DicomVR.PN, patientName);
        ds.SetString(DicomTags.PatientID, DicomVR.LO, patientId);
        ds.SetString(DicomTags.PatientBirthDate, DicomVR.DA, "19700101");
        ds.SetString(DicomTags.PatientSex, DicomVR.CS, "O");
        ds.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, studyUid);
        ds.SetString(DicomTags.SeriesInstanceUID, DicomVR.UI, seriesUid);
        ds.SetString(DicomTags.StudyID, DicomVR.SH, "S1");
        ds.SetString(DicomTags.SeriesNumber, DicomVR.IS, "1");
        ds.SetString(DicomTags.InstanceNumber, DicomVR.IS, "1");
        var request = new DicomDataset();
        request.SetString(DicomTags.RequestedProcedureID, DicomVR.SH, "RP" + patientId);
        ds.Set(new DicomSequence(DicomTags.RequestAttributesSequence, [request]));
        ds.SetValues(DicomTags.SamplesPerPixel, DicomVR.US, (ushort)1);
        ds.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
        ds.SetString(DicomTags.NumberOfFrames, DicomVR.IS, Frames.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ds.SetValues(DicomTags.Rows, DicomVR.US, (ushort)Rows);
        ds.SetValues(DicomTags.Columns, DicomVR.US, (ushort)Columns);
        ds.SetValues(DicomTags.BitsAllocated, DicomVR.US, (ushort)16);
        ds.SetValues(DicomTags.BitsStored, DicomVR.US, (ushort)16);
        ds.SetValues(DicomTags.HighBit, DicomVR.US, (ushort)15);
        ds.SetValues(DicomTags.PixelRepresentation, DicomVR.US, (ushort)0);
        ds.Set(new DicomValueElement(DicomTags.PixelData, DicomVR.OW, PixelBytes(sopUid)));
        var path = Path.Combine(directory, sopUid + ".dcm");
        DicomFileWriter.Write(path, ds, syntax ?? DicomTransferSyntax.ExplicitVRLittleEndian);
        return path;
    }

    /// <summary>Frame k's bytes are all (k + seed) so a wrong frame offset shows.</summary>
    public static byte[] PixelBytes(string sopUid)
    {
        var seed = (byte)(sopUid.Length * 7);
        var bytes = new byte[FrameBytes * Frames];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(seed + (i / FrameBytes) + 1);
        }

        return bytes;
    }
}
