using System.Net;
using Peake.Management.Contracts;
using Peake.Node.Tests.Management;

namespace Peake.Node.Tests.Patients;

/// <summary>
/// Before the node's master person index has started, the patient routes answer 503 with a reason (a node that is
/// still joining), after validating input as usual; real Kestrel over a real one-node cluster with no index.
/// </summary>
public sealed class PatientRoutesNotStartedTests
{
    [Fact]
    public async Task Given_no_started_index_When_patient_routes_are_called_Then_503_saying_so_and_bad_input_is_still_400()
    {
        await using var host = await ManagementHost.StartAsync();
        var id = new string('a', 32);
        foreach (var call in new Func<Task<HttpResponseMessage>>[]
        {
            () => host.Http.GetAsync($"/patients/{id}"),
            () => host.Http.GetAsync("/patients?issuer=POTOMAC_PACS&patientId=X"),
            () => host.Http.PostAsync("/patients/merge", Json(new MergePatientsRequest(id, new string('b', 32)))),
            () => host.Http.PostAsync("/patients/unlink", Json(new UnlinkPatientRequest("POTOMAC_PACS", "X"))),
            () => host.Http.PostAsync("/patients/resolve", Json(new ResolvePatientRequest("POTOMAC_PACS", "X", "east"))),
        })
        {
            await PatientNodes.AssertError(HttpStatusCode.ServiceUnavailable, call(), "has not started");
        }
        await PatientNodes.AssertError(HttpStatusCode.BadRequest, host.Http.GetAsync("/patients/nope"), "32 hex digits");
    }

    private static HttpContent Json(object body) => System.Net.Http.Json.JsonContent.Create(body);
}
