using Microsoft.AspNetCore.Http;
using Peake.Management.Contracts;

namespace Peake.Management.Auth;

/// <summary>
/// Runs before routing: no request, not even one for an unknown path, learns anything without the token.
/// </summary>
internal sealed class TokenAuthentication(RequestDelegate next, ManagementToken token)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (token.Accepts(context.Request.Headers.Authorization))
            return next(context);
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        // RFC 6750 3: tell the client which scheme is expected.
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return context.Response.WriteAsJsonAsync(new ErrorResponse("a valid 'Authorization: Bearer <token>' header is required"));
    }
}
