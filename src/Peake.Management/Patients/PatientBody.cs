using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Peake.Management.Patients;

/// <summary>
/// Reads a patient route's JSON body with a size bound: these bodies are a few identifiers, so anything larger is
/// refused (413) before it is buffered, and malformed JSON or a wrong type is a 400 naming the JSON path.
/// </summary>
internal static class PatientBody
{
    public const int MaxBytes = 16 * 1024;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { MaxDepth = 8 };

    public static async Task<(T? Body, IResult? Error)> ReadAsync<T>(HttpRequest request, CancellationToken ct)
        where T : class
    {
        if (request.ContentLength > MaxBytes)
            return (null, TooLarge());
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            // Chunked bodies carry no Content-Length: count as we go.
            if (buffer.Length + read > MaxBytes)
                return (null, TooLarge());
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
            return (null, PatientResults.BadRequest("the body must be a JSON object"));
        try
        {
            var body = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Options);
            return body is null ? (null, PatientResults.BadRequest("the body must be a JSON object")) : (body, null);
        }
        catch (JsonException e)
        {
            // Name where it went wrong, not our type names or the value sent.
            return (null, PatientResults.BadRequest(
                $"the body must be a JSON object whose fields are strings; it is not, at {e.Path ?? "$"} (line {e.LineNumber + 1})"));
        }
    }

    private static IResult TooLarge() => Results.Json(
        new Contracts.ErrorResponse($"the body is larger than {MaxBytes} bytes"), statusCode: StatusCodes.Status413PayloadTooLarge);
}
