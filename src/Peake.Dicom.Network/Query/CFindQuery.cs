using Peake.Dicom.Network.Dimse;

namespace Peake.Dicom.Network.Query;

/// <summary>
/// A C-FIND identifier, checked: the information model (from the SOP class), the level (0008,0052) and the
/// remaining elements as keys, their values checked (<see cref="KeyValues"/>) and their levels against the model's
/// (<see cref="KeyLevels"/>). Anything that makes the
/// query meaningless throws <see cref="QueryFailedException"/>
/// with the status to answer, so a bad identifier becomes a failure response, never an abort.
/// </summary>
public sealed record CFindQuery(QueryModel Model, QueryLevel Level, DicomDataset Identifier)
{
    /// <summary>Whether combined datetime matching was negotiated for the SOP class (PS3.4 C.2.2.2.5.4).</summary>
    public bool CombinedDateTime { get; init; }

    /// <param name="sopClassUid">A FIND model, or with <paramref name="retrieve"/> a GET or MOVE one (same levels and keys).</param>
    public static CFindQuery Parse(string sopClassUid, DicomDataset identifier, bool retrieve = false)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var model = (sopClassUid, retrieve) switch
        {
            (CFindRequest.PatientRootSopClassUid, false) or (CGetRequest.PatientRootSopClassUid or CMoveRequest.PatientRootSopClassUid, true) => QueryModel.PatientRoot,
            (CFindRequest.StudyRootSopClassUid, false) or (CGetRequest.StudyRootSopClassUid or CMoveRequest.StudyRootSopClassUid, true) => QueryModel.StudyRoot,
            _ => throw new QueryFailedException(CFindStatus.IdentifierDoesNotMatchSopClass, $"SOP class {sopClassUid} is not a model served here"),
        };
        string? levelText;
        try
        {
            levelText = identifier.GetString(DicomTags.QueryRetrieveLevel);
        }
        catch (DicomParseException e)
        {
            throw new QueryFailedException(CFindStatus.UnableToProcess, $"unreadable QueryRetrieveLevel: {e.Message}");
        }

        var level = levelText switch
        {
            null or "" => throw new QueryFailedException(CFindStatus.UnableToProcess, "QueryRetrieveLevel (0008,0052) missing"),
            "PATIENT" => QueryLevel.Patient,
            "STUDY" => QueryLevel.Study,
            "SERIES" => QueryLevel.Series,
            "IMAGE" => QueryLevel.Image,
            _ => throw new QueryFailedException(CFindStatus.UnableToProcess, $"unknown QueryRetrieveLevel '{levelText}'"),
        };
        if (model == QueryModel.StudyRoot && level == QueryLevel.Patient)
        {
            // PS3.4 C.6.2.1: the Study Root model has no patient level.
            throw new QueryFailedException(CFindStatus.IdentifierDoesNotMatchSopClass, "the Study Root model has no PATIENT level");
        }

        KeyValues.Check(identifier);
        var query = new CFindQuery(model, level, identifier);
        if (retrieve)
        {
            KeyLevels.CheckRetrieve(query);
        }
        else
        {
            KeyLevels.CheckFind(query);
        }

        return query;
    }

    /// <summary>
    /// PS3.4 C.4.1.2.1 (and C.6.1.1/C.6.2.1): the unique keys of the query level and every level above it in the
    /// model, top first: what a C-GET / C-MOVE identifier must hold, and nothing else.
    /// </summary>
    public IReadOnlyList<(DicomTag Tag, DicomVR VR)> UniqueKeys
    {
        get
        {
            var keys = new List<(DicomTag, DicomVR)>();
            if (Model == QueryModel.PatientRoot)
            {
                keys.Add((DicomTags.PatientID, DicomVR.LO));
            }

            if (Level >= QueryLevel.Study)
            {
                keys.Add((DicomTags.StudyInstanceUID, DicomVR.UI));
            }

            if (Level >= QueryLevel.Series)
            {
                keys.Add((DicomTags.SeriesInstanceUID, DicomVR.UI));
            }

            if (Level >= QueryLevel.Image)
            {
                keys.Add((DicomTags.SOPInstanceUID, DicomVR.UI));
            }

            return keys;
        }
    }

    /// <summary>The one attribute whose distinct values make the entities of the query level.</summary>
    public DicomTag LevelKey => Level switch
    {
        QueryLevel.Patient => DicomTags.PatientID,
        QueryLevel.Study => DicomTags.StudyInstanceUID,
        QueryLevel.Series => DicomTags.SeriesInstanceUID,
        _ => DicomTags.SOPInstanceUID,
    };
}
