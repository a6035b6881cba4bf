using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Peake.DicomWeb.Http;

/// <summary>
/// Accept and Content-Type handling (PS3.18 8.7). A missing Accept, <c>*/*</c> and wildcards of a served type are
/// taken as asking for it; anything else that names none of the served types is a 406 listing what is served.
/// </summary>
internal static class MediaTypes
{
    public const string DicomJson = "application/dicom+json";
    public const string Dicom = "application/dicom";
    public const string OctetStream = "application/octet-stream";
    public const string MultipartRelated = "multipart/related";

    /// <summary>PS3.18 8.7.3: the default for application/dicom, and the only syntax of uncompressed frames.</summary>
    public const string ExplicitVrLittleEndian = "1.2.840.10008.1.2.1";

    /// <summary>QIDO-RS and metadata: DICOM JSON (multipart XML is not served; a stated deviation, ADR 0031).</summary>
    public static void RequireJson(HttpRequest request)
    {
        var accepted = Parse(request.Headers.Accept);
        if (accepted.Count == 0 || accepted.Any(m => Admits(m, DicomJson) || Admits(m, "application/json")))
        {
            return;
        }

        throw new DicomWebRequestException(StatusCodes.Status406NotAcceptable, $"only {DicomJson} is served here, Accept was '{request.Headers.Accept}'");
    }

    /// <summary>
    /// The <c>transfer-syntax</c> asked for with <c>multipart/related; type="<paramref name="partType"/>"</c>:
    /// empty string when none was named (the default), <c>*</c> for "as stored". 406 when Accept excludes the type.
    /// </summary>
    public static string AcceptedMultipart(HttpRequest request, string partType)
    {
        var accepted = Parse(request.Headers.Accept);
        if (accepted.Count == 0)
        {
            return "";
        }

        foreach (var media in accepted.OrderByDescending(m => m.Quality ?? 1))
        {
            if (media.MatchesAllTypes)
            {
                return "";
            }

            if (media.MediaType.Equals(MultipartRelated, StringComparison.OrdinalIgnoreCase)
                || media.MediaType.Equals("multipart/*", StringComparison.OrdinalIgnoreCase))
            {
                var type = Parameter(media, "type");
                if (type is null || type.Equals(partType, StringComparison.OrdinalIgnoreCase))
                {
                    return Parameter(media, "transfer-syntax") ?? "";
                }
            }
        }

        throw new DicomWebRequestException(
            StatusCodes.Status406NotAcceptable,
            $"this resource is served as multipart/related; type=\"{partType}\", Accept was '{request.Headers.Accept}'");
    }

    public static string? Parameter(MediaTypeHeaderValue media, string name) =>
        media.Parameters.FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } p
            ? HeaderUtilities.RemoveQuotes(p.Value).ToString()
            : null;

    private static List<MediaTypeHeaderValue> Parse(StringValues header)
    {
        if (StringValues.IsNullOrEmpty(header))
        {
            return [];
        }

        return MediaTypeHeaderValue.TryParseList(header, out var list)
            ? [.. list]
            : throw DicomWebRequestException.BadRequest($"malformed Accept header '{header}'");
    }

    private static bool Admits(MediaTypeHeaderValue media, string type) =>
        media.MatchesAllTypes
        || media.MediaType.Equals(type, StringComparison.OrdinalIgnoreCase)
        || (media.MatchesAllSubTypes && type.StartsWith(media.Type.ToString() + "/", StringComparison.OrdinalIgnoreCase));
}
