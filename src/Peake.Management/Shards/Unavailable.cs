using Microsoft.AspNetCore.Http;
using Peake.Management.Contracts;

namespace Peake.Management.Shards;

/// <summary>503: the node cannot answer now (still starting, or a region did not answer in time); retrying may help.</summary>
internal static class Unavailable
{
    public static IResult Because(string reason) =>
        Results.Json(new ErrorResponse(reason), statusCode: StatusCodes.Status503ServiceUnavailable);
}
