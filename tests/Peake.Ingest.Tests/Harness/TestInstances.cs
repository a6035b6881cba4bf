using System.Buffers.Binary;
using Peake.Dicom;

namespace Peake.Ingest.Tests.Harness;

/// <summary>CT instances written with our own Part 10 writer, with random pixel data so that each is distinct bytes.</summary>
internal static class TestInstances
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    public const string Root = "1.2.826.0.1.3680043.10.543";

    public sealed record Instance(string Path, string StudyUid, string SeriesUid, string SopUid)
    {
        /// <summary>The data set bytes of the file (after its File Meta group), exactly as storescu sends them.</summary>
        public byte[] DataSet()
        {
            var bytes = File.ReadAllBytes(Path);
            // PS3.10 7.1: (0002,0000) UL right after "DICM": its value is the length of the rest of the meta group.
            var groupLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(140));
            return bytes[(144 + (int)groupLength)..];
        }
    }

    public static Instance Write(
        string folder, string studyUid, string seriesUid, string sopUid, string patientId = "MRN-1", int pixelBytes = 8192,
        int seed = 1, string? issuer = null, string sopClass = CtImageStorage, Action<DicomDataset>? extra = null)
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");
        ds.SetString(DicomTags.SOPClassUID, DicomVR.UI, sopClass);
        ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, sopUid);
        ds.SetString(DicomTags.Modality, DicomVR.CS, "CT");
        ds.SetString(DicomTags.PatientName, DicomVR.PN, "Doe^Jane");
        ds.SetString(DicomTags.PatientID, DicomVR.LO, patientId);
        if (issuer is not null)
            ds.SetString(DicomTags.IssuerOfPatientID, DicomVR.LO, issuer);
        ds.SetString(DicomTags.PatientBirthDate, DicomVR.DA, "19700101");
        ds.SetString(DicomTags.PatientSex, DicomVR.CS, "F");
        ds.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, studyUid);
        ds.SetString(DicomTags.SeriesInstanceUID, DicomVR.UI, seriesUid);
        ds.SetString(DicomTags.InstanceNumber, DicomVR.IS, "1");
        ds.SetValues<ushort>(DicomTags.SamplesPerPixel, DicomVR.US, 1);
        ds.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
        var side = (ushort)Math.Sqrt(pixelBytes / 2);
        ds.SetValues<ushort>(DicomTags.Rows, DicomVR.US, side);
        ds.SetValues<ushort>(DicomTags.Columns, DicomVR.US, side);
        ds.SetValues<ushort>(DicomTags.BitsAllocated, DicomVR.US, 16);
        ds.SetValues<ushort>(DicomTags.BitsStored, DicomVR.US, 12);
        ds.SetValues<ushort>(DicomTags.HighBit, DicomVR.US, 11);
        ds.SetValues<ushort>(DicomTags.PixelRepresentation, DicomVR.US, 0);
        var pixels = new byte[side * side * 2];
        new Random(seed).NextBytes(pixels);
        ds.SetValues<byte>(DicomTags.PixelData, DicomVR.OW, pixels);
        extra?.Invoke(ds);
        var path = System.IO.Path.Combine(folder, $"{sopUid}-{seed}.dcm");
        DicomFileWriter.Write(path, ds, DicomTransferSyntax.ExplicitVRLittleEndian);
        return new Instance(path, studyUid, seriesUid, sopUid);
    }
}
