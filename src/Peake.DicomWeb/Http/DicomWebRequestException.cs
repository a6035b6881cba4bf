namespace Peake.DicomWeb.Http;

/// <summary>A request the routes refuse, with the HTTP status and the one-line reason to answer (400, 404, 406, 415).</summary>
internal sealed class DicomWebRequestException(int status, string reason) : Exception(reason)
{
    public int Status { get; } = status;

    public static DicomWebRequestException BadRequest(string reason) => new(400, reason);
}
