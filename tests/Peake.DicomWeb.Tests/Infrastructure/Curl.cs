namespace Peake.DicomWeb.Tests.Infrastructure;

/// <summary>curl (<see cref="Peake.Testing.Curl"/>) against the test host, as its hospital unless told otherwise.</summary>
internal static class Curl
{
    public static Task<Peake.Testing.CurlResponse> RunAsync(string url, string? accept = null, string hospital = DicomWebHost.Hospital, string? contentType = null, string? bodyFile = null) =>
        Peake.Testing.Curl.RunAsync(url, hospital, accept, contentType, bodyFile);
}
