using Microsoft.AspNetCore.Http;
using Peake.Cluster.Patients;
using Peake.Management.Contracts;

namespace Peake.Management.Patients;

/// <summary>
/// Status codes of the patient routes (ADR 0022): bad input 400, unknown person or identifier 404, a PIX operation the
/// index refuses (unlink of a last identifier, merge into a tombstone, an identifier that kept moving) 409, the index
/// not started or not answering 503. Every error body is <c>{"error": reason}</c>.
/// </summary>
internal static class PatientResults
{
    public static IResult BadRequest(string reason) => Results.BadRequest(new ErrorResponse(reason));

    public static IResult NotFound(string reason) => Results.NotFound(new ErrorResponse(reason));

    public static IResult Unavailable(string reason) =>
        Results.Json(new ErrorResponse(reason), statusCode: StatusCodes.Status503ServiceUnavailable);

    /// <param name="refusedIsBadInput">
    /// For resolve, a refusal can only be about the request itself (a name that is not one PN value): 400, not 409.
    /// </param>
    public static IResult Of(PatientIndexException e, bool refusedIsBadInput = false) => e.Error switch
    {
        PatientIndexError.UnknownPatient or PatientIndexError.UnknownIdentifier => NotFound(e.Message),
        PatientIndexError.Refused when refusedIsBadInput => BadRequest(e.Message),
        PatientIndexError.Refused or PatientIndexError.LastIdentifier or PatientIndexError.Conflict =>
            Results.Conflict(new ErrorResponse(e.Message)),
        _ => Unavailable(e.Message),
    };
}
