using System.Globalization;
using Peake.Cluster.Patients;
using Peake.Dicom;

namespace Peake.Ingest.Headers;

/// <summary>
/// What the cluster needs from a received data set: its place in the hierarchy, who the patient is, and the encoded
/// query attributes the read model is built from (<see cref="QueryAttributeSelection"/>; null when none).
/// </summary>
internal sealed record InstanceHeader(
    string StudyInstanceUid,
    string SeriesInstanceUid,
    string SopInstanceUid,
    string SopClassUid,
    string PatientId,
    string? IssuerOfPatientId,
    ReportedDemographics Demographics,
    byte[]? QueryAttributes = null)
{
    /// <summary>The header of <paramref name="dataset"/>, or why it cannot be archived (the Error Comment).</summary>
    public static (InstanceHeader? Header, string? Error) From(DicomDataset dataset)
    {
        var study = dataset.GetString(DicomTags.StudyInstanceUID);
        var series = dataset.GetString(DicomTags.SeriesInstanceUID);
        var sop = dataset.GetString(DicomTags.SOPInstanceUID);
        var sopClass = dataset.GetString(DicomTags.SOPClassUID);
        foreach (var (what, uid) in new[] { ("Study Instance UID", study), ("Series Instance UID", series), ("SOP Instance UID", sop), ("SOP Class UID", sopClass) })
        {
            if (string.IsNullOrEmpty(uid))
                return (null, $"{what} is missing");
            if (!DicomUid.IsValid(uid))
                return (null, $"{what} '{Truncate(uid)}' is not a valid UID (PS3.5 9.1)");
        }
        var patientId = dataset.GetString(DicomTags.PatientID);
        if (string.IsNullOrWhiteSpace(patientId))
            return (null, "Patient ID (0010,0020) is missing: the archive files every instance under a patient");
        var name = dataset.GetString(DicomTags.PatientName);
        var demographics = new ReportedDemographics(
            string.IsNullOrWhiteSpace(name) || !PersonName.IsSingleValue(name) ? null : name,
            ParseDate(dataset.GetString(DicomTags.PatientBirthDate)),
            dataset.GetString(DicomTags.PatientSex)?.Trim() switch
            {
                "M" => PatientSex.Male,
                "F" => PatientSex.Female,
                "O" => PatientSex.Other,
                _ => null,
            });
        return (new InstanceHeader(study!, series!, sop!, sopClass!, patientId, dataset.GetString(DicomTags.IssuerOfPatientID), demographics,
            QueryAttributeSelection.Encode(dataset)), null);
    }

    // PS3.5 6.2 DA: YYYYMMDD. Anything else says nothing about the birth date rather than refusing the image.
    private static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static string Truncate(string text) => text.Length <= 70 ? text : text[..70] + "…";
}
