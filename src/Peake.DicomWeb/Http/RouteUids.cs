using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Peake.Dicom;

namespace Peake.DicomWeb.Http;

/// <summary>The Study/Series/SOP Instance UIDs of a route's path, each checked (PS3.5 9.1) or refused with 400.</summary>
internal sealed record RouteUids(string? Study, string? Series, string? Instance)
{
    public static RouteUids Of(HttpContext context) =>
        new(Uid(context, "study", "Study Instance UID"), Uid(context, "series", "Series Instance UID"), Uid(context, "instance", "SOP Instance UID"));

    private static string? Uid(HttpContext context, string name, string what)
    {
        if (context.GetRouteValue(name) is not string uid)
        {
            return null;
        }

        return DicomUid.IsValid(uid)
            ? uid
            : throw DicomWebRequestException.BadRequest($"'{uid}' is not a valid {what} (PS3.5 9.1: digits and dots, at most 64 characters)");
    }
}
