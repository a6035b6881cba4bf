using Peake.Dicom;

namespace Peake.DicomWeb.Store;

/// <summary>
/// The Store Instances Response Module (PS3.18 Annex I): the study's Retrieve URL, a Referenced SOP Sequence item per
/// stored instance (class, instance, Retrieve URL, Warning Reason) and a Failed SOP Sequence item per failed part
/// (class, instance when known, Failure Reason).
/// </summary>
internal static class StowResponse
{
    public static DicomDataset Build(IReadOnlyList<StowOutcome> outcomes, string? pathStudy, string baseUrl)
    {
        var response = new DicomDataset();
        var studies = outcomes.Where(o => o.Stored).Select(o => o.StudyInstanceUid).Distinct().ToList();
        var study = pathStudy ?? (studies is [{ } only] ? only : null);
        if (study is not null)
        {
            response.SetString(DicomTags.RetrieveURL, DicomVR.UR, $"{baseUrl}/studies/{study}");
        }

        var referenced = new DicomSequence(DicomTags.ReferencedSOPSequence);
        var failed = new DicomSequence(DicomTags.FailedSOPSequence);
        foreach (var outcome in outcomes)
        {
            var item = new DicomDataset();
            SetUid(item, DicomTags.ReferencedSOPClassUID, outcome.SopClassUid);
            SetUid(item, DicomTags.ReferencedSOPInstanceUID, outcome.SopInstanceUid);
            if (outcome.Stored)
            {
                item.SetString(DicomTags.RetrieveURL, DicomVR.UR, InstanceUrl(baseUrl, outcome));
                if (outcome.WarningReason is { } warning)
                {
                    item.SetValues(DicomTags.WarningReason, DicomVR.US, warning);
                }

                referenced.Items.Add(item);
            }
            else
            {
                item.SetValues(DicomTags.FailureReason, DicomVR.US, outcome.FailureReason ?? StowFailureReasons.ProcessingFailure);
                failed.Items.Add(item);
            }
        }

        if (referenced.Items.Count > 0)
        {
            response.Set(referenced);
        }

        if (failed.Items.Count > 0)
        {
            response.Set(failed);
        }

        return response;
    }

    private static string InstanceUrl(string baseUrl, StowOutcome outcome) => outcome.SeriesInstanceUid is { Length: > 0 } series
        ? $"{baseUrl}/studies/{outcome.StudyInstanceUid}/series/{series}/instances/{outcome.SopInstanceUid}"
        : $"{baseUrl}/studies/{outcome.StudyInstanceUid}";

    private static void SetUid(DicomDataset item, DicomTag tag, string? uid)
    {
        if (!string.IsNullOrEmpty(uid))
        {
            item.SetString(tag, DicomVR.UI, uid);
        }
    }
}
