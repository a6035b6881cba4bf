using Microsoft.AspNetCore.Http;
using Peake.Dicom.Network.Query;
using Peake.DicomWeb.Callers;

namespace Peake.DicomWeb.Http;

/// <summary>
/// Wraps a route: the caller is identified first (401 before anything is looked up, so an unknown caller learns
/// nothing), then the handler runs with the caller's <see cref="QueryContext"/>; a refused request becomes its status
/// and reason, and a query the source cannot answer the status its C-FIND failure stands for.
/// </summary>
internal sealed class DicomWebHandler(IDicomWebCallers callers, DicomWebOptions options)
{
    public RequestDelegate Guard(Func<HttpContext, QueryContext, Task> handler) => async context =>
    {
        try
        {
            await GuardedAsync(handler, context).ConfigureAwait(false);
        }
        catch
        {
            // Escaping to the host's error handler, which answers 500; a caller that went away is counted as nginx's 499.
            DicomWebMetrics.Answered(context, context.RequestAborted.IsCancellationRequested ? 499 : StatusCodes.Status500InternalServerError);
            throw;
        }

        DicomWebMetrics.Answered(context, context.Response.StatusCode);
    };

    private async Task GuardedAsync(Func<HttpContext, QueryContext, Task> handler, HttpContext context)
    {
        if (callers.HospitalOf(context.Request) is not { Length: > 0 } hospital)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await DicomWebErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, "unknown caller: a hospital token is required").ConfigureAwait(false);
            return;
        }

        try
        {
            await handler(context, new QueryContext(hospital, options.NodeAeTitle)).ConfigureAwait(false);
        }
        catch (DicomWebRequestException e) when (!context.Response.HasStarted)
        {
            await DicomWebErrors.WriteAsync(context, e.Status, e.Message).ConfigureAwait(false);
        }
        catch (QueryFailedException e) when (!context.Response.HasStarted)
        {
            // PS3.4 C.4.1.1.4: A7xx out of resources (retry later), A9xx / Cxxx the request itself cannot be processed.
            var status = (e.Status & 0xFF00) switch
            {
                0xA700 => StatusCodes.Status503ServiceUnavailable,
                0xA900 or 0xC000 => StatusCodes.Status400BadRequest,
                _ => StatusCodes.Status500InternalServerError,
            };
            await DicomWebErrors.WriteAsync(context, status, e.Message).ConfigureAwait(false);
        }
    }
}
