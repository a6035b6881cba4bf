using System.Text;
using Microsoft.AspNetCore.Http;

namespace Peake.DicomWeb.Retrieve;

/// <summary>
/// Writes a <c>multipart/related</c> response (RFC 2387) part by part, never holding more than one part's headers.
/// The body starts directly with <c>--boundary</c>: dicomweb-client finds the boundary in the body's first bytes, not
/// in the Content-Type header (BRIEF6 7).
/// </summary>
internal sealed class MultipartRelatedWriter
{
    private readonly HttpResponse _response;
    private readonly string _boundary = Guid.NewGuid().ToString("N");
    private bool _first = true;

    public MultipartRelatedWriter(HttpResponse response, string partType)
    {
        _response = response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = $"multipart/related; type=\"{partType}\"; boundary={_boundary}";
    }

    public async Task WritePartAsync(string contentType, Func<Stream, CancellationToken, Task> writeBody, CancellationToken cancellationToken)
    {
        var head = $"{(_first ? "" : "\r\n")}--{_boundary}\r\nContent-Type: {contentType}\r\n\r\n";
        _first = false;
        await _response.Body.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken).ConfigureAwait(false);
        await writeBody(_response.Body, cancellationToken).ConfigureAwait(false);
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        var tail = _first ? $"--{_boundary}--\r\n" : $"\r\n--{_boundary}--\r\n";
        await _response.Body.WriteAsync(Encoding.ASCII.GetBytes(tail), cancellationToken).ConfigureAwait(false);
    }
}
