using Microsoft.AspNetCore.Http;

namespace Peake.DicomWeb.Http;

/// <summary>The absolute URL of the DICOMweb base as the client reached it (Retrieve URLs, BulkDataURIs).</summary>
internal static class BaseUrl
{
    public static string Of(HttpContext context, DicomWebOptions options)
    {
        var request = context.Request;
        return $"{request.Scheme}://{request.Host}{request.PathBase}{options.BasePath.TrimEnd('/')}";
    }
}
