using System.Text;
using Microsoft.AspNetCore.Http;

namespace Peake.DicomWeb.Http;

/// <summary>
/// Error answers of the DICOMweb routes (BRIEF6 5.4): a status, a one-line reason as <c>{"error": …}</c> and the same
/// reason in a <c>Warning: 299</c> header, which clients that ignore bodies (dicomweb-client) still log.
/// </summary>
internal static class DicomWebErrors
{
    public static Task WriteAsync(HttpContext context, int status, string reason)
    {
        var response = context.Response;
        response.StatusCode = status;
        AddWarning(response, reason);
        return response.WriteAsJsonAsync(new ErrorBody(reason), context.RequestAborted);
    }

    /// <summary>RFC 7234 5.5: <c>299 &lt;agent&gt; "&lt;text&gt;"</c>, "Miscellaneous persistent warning".</summary>
    public static void AddWarning(HttpResponse response, string text) =>
        response.Headers.Append("Warning", $"299 peake \"{HeaderSafe(text)}\"");

    // Header values are ASCII without controls; a quote inside a quoted-string is escaped.
    private static string HeaderSafe(string text)
    {
        var safe = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                safe.Append('\\').Append(c);
            }
            else
            {
                safe.Append(c is >= ' ' and <= '~' ? c : '?');
            }
        }

        return safe.ToString();
    }

    private sealed record ErrorBody(string Error);
}
