using System.Buffers;
using Microsoft.AspNetCore.Http;
using Peake.Dicom;
using Peake.Dicom.Network.Query;
using Peake.DicomWeb.Http;

namespace Peake.DicomWeb.Search;

/// <summary>
/// QIDO-RS (PS3.18 10.6): the query string becomes a Study Root C-FIND (<see cref="QidoParameters"/>), the
/// <see cref="IQueryService"/> yields candidates and the library's matcher decides, as for DIMSE. The answer is a
/// DICOM JSON array, <c>[]</c> when nothing matches (PS3.18 2026a), each object with the level's required attributes
/// and a Retrieve URL.
/// </summary>
internal sealed class SearchHandlers(IQueryService queries, DicomWebOptions options)
{
    private const string FuzzyIgnored = "The fuzzymatching parameter is not supported. Only literal matching has been performed.";

    public Task StudiesAsync(HttpContext context, QueryContext caller) => SearchAsync(context, caller, QueryLevel.Study);

    public Task SeriesAsync(HttpContext context, QueryContext caller) => SearchAsync(context, caller, QueryLevel.Series);

    public Task InstancesAsync(HttpContext context, QueryContext caller) => SearchAsync(context, caller, QueryLevel.Image);

    private async Task SearchAsync(HttpContext context, QueryContext caller, QueryLevel level)
    {
        MediaTypes.RequireJson(context.Request);
        var path = RouteUids.Of(context);
        var search = QidoParameters.Parse(level, path, context.Request.Query);
        var limit = Math.Min(search.Limit ?? options.MaxResults, options.MaxResults);
        var results = new List<DicomDataset>();
        var skipped = 0;
        var more = false;
        var baseUrl = BaseUrl.Of(context, options);
        await foreach (var (match, candidate) in QueryEngineBridge.FindAsync(
            search.Query, queries.CandidatesAsync(search.Query, caller, context.RequestAborted), context.RequestAborted).ConfigureAwait(false))
        {
            if (skipped < search.Offset)
            {
                skipped++;
                continue;
            }

            if (results.Count == limit)
            {
                more = true;
                break;
            }

            results.Add(Answer(search, match.Identifier, candidate, baseUrl));
        }

        var response = context.Response;
        if (search.FuzzyMatchingRequested)
        {
            DicomWebErrors.AddWarning(response, FuzzyIgnored);
        }

        if (more && limit < (search.Limit ?? int.MaxValue))
        {
            DicomWebErrors.AddWarning(response, "The number of results exceeded the maximum supported by the server. Additional results can be requested.");
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = MediaTypes.DicomJson;
        await WriteArrayAsync(response, results, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The matcher's identifier, shaped for QIDO: no (0008,0052), conditional attributes only when known,
    /// everything the entity has with includefield=all, and the entity's Retrieve URL.</summary>
    private static DicomDataset Answer(QidoSearch search, DicomDataset identifier, DicomDataset candidate, string baseUrl)
    {
        identifier.Remove(DicomTags.QueryRetrieveLevel);
        foreach (var element in identifier.ToList())
        {
            if (QidoLevels.IsConditional(element.Tag) && !search.Requested.Contains(element.Tag) && IsEmpty(element))
            {
                identifier.Remove(element.Tag);
            }
        }

        if (search.IncludeAll)
        {
            foreach (var element in candidate)
            {
                // Value elements only: a stored sequence's items belong to the source and must not be re-parented.
                if (element is DicomValueElement && !identifier.Contains(element.Tag) && !element.Tag.IsGroupLength && element.Tag != DicomTags.QueryRetrieveLevel
                    && QidoLevels.LevelOf(element.Tag) <= search.Query.Level)
                {
                    identifier.Set(element);
                }
            }
        }

        if (RetrieveUrl(search.Query.Level, identifier, baseUrl) is { } url)
        {
            identifier.SetString(DicomTags.RetrieveURL, DicomVR.UR, url);
        }

        return identifier;
    }

    private static string? RetrieveUrl(QueryLevel level, DicomDataset answer, string baseUrl)
    {
        var study = answer.GetString(DicomTags.StudyInstanceUID);
        var series = answer.GetString(DicomTags.SeriesInstanceUID);
        var instance = answer.GetString(DicomTags.SOPInstanceUID);
        return level switch
        {
            QueryLevel.Study when !string.IsNullOrEmpty(study) => $"{baseUrl}/studies/{study}",
            QueryLevel.Series when !string.IsNullOrEmpty(study) && !string.IsNullOrEmpty(series) => $"{baseUrl}/studies/{study}/series/{series}",
            QueryLevel.Image when !string.IsNullOrEmpty(study) && !string.IsNullOrEmpty(series) && !string.IsNullOrEmpty(instance) =>
                $"{baseUrl}/studies/{study}/series/{series}/instances/{instance}",
            _ => null,
        };
    }

    private static bool IsEmpty(DicomElement element) => element switch
    {
        DicomSequence sequence => sequence.Items.Count == 0,
        DicomValueElement value => value.Length == 0,
        _ => false,
    };

    private static async Task WriteArrayAsync(HttpResponse response, List<DicomDataset> results, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write("["u8);
        for (var i = 0; i < results.Count; i++)
        {
            if (i > 0)
            {
                buffer.Write(","u8);
            }

            DicomJsonWriter.Write(buffer, results[i]);
        }

        buffer.Write("]"u8);
        await response.Body.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }
}
