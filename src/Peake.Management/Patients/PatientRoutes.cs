using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Peake.Cluster.Patients;
using Peake.Cluster.Sites;
using Peake.Management.Contracts;
using Peake.Management.Sharding;

namespace Peake.Management.Patients;

/// <summary>
/// The master person index over HTTP (ADR 0022): look-ups by master id (following merges unless
/// <c>?follow=false</c>) and by identifier, the identity feed (resolve) and the PIX operations link, unlink, merge.
/// Every answer with a person is its <see cref="PatientResponse"/>; statuses are in <see cref="PatientResults"/>.
/// </summary>
internal static class PatientRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/patients/{masterId}", (string masterId, string? follow, HttpContext http) =>
        {
            if (!PatientInput.TryMasterId(masterId, "the path", out var id, out var error))
                return Task.FromResult(PatientResults.BadRequest(error));
            if (!PatientInput.TryFollow(follow, out var followMerges))
                return Task.FromResult(PatientResults.BadRequest($"follow must be true or false, not {PatientInput.Quote(follow)}"));
            return Run(http, async (index, ct) => await index.LocateAsync(id, ct, followMerges)
                ?? throw new PatientIndexException(PatientIndexError.UnknownPatient, $"No patient {id}."));
        });

        app.MapGet("/patients", (string? issuer, string? patientId, HttpContext http) =>
            PatientInput.TryIdentifier(issuer, patientId, out var identifier, out var error)
                ? Run(http, async (index, ct) => await index.LocateAsync(identifier, ct)
                    ?? throw new PatientIndexException(PatientIndexError.UnknownIdentifier, $"{identifier} was never resolved."))
                : Task.FromResult(PatientResults.BadRequest($"{error} (GET /patients?issuer=I&patientId=P)")));

        app.MapPost("/patients/resolve", (HttpRequest request) => WithBody<ResolvePatientRequest>(request, (http, body) =>
        {
            if (!PatientInput.TryIdentifier(body.Issuer, body.PatientId, out var identifier, out var error)
                || !PatientInput.TryDemographics(body.Name, body.BirthDate, body.Sex, out var demographics, out error))
            {
                return Task.FromResult(PatientResults.BadRequest(error));
            }
            var sites = http.RequestServices.GetRequiredService<SiteMap>();
            if (body.Site is not { } site || !sites.TryGet(site, out _))
                return Task.FromResult(PatientResults.BadRequest($"site must be a site of this cluster, not {PatientInput.Quote(body.Site)}"));
            return Run(http, async (index, ct) =>
            {
                var master = await index.ResolveAsync(identifier, site, demographics, ct);
                return await index.LocateAsync(master, ct, followMerges: false)
                    ?? throw new PatientIndexException(PatientIndexError.Unavailable, $"{master} was resolved but cannot be read yet; retry.");
            }, refusedIsBadInput: true);
        }));

        app.MapPost("/patients/link", (HttpRequest request) => WithBody<LinkPatientRequest>(request, (http, body) =>
            PatientInput.TryIdentifier(body.Issuer, body.PatientId, out var identifier, out var error)
                && PatientInput.TryMasterId(body.MasterId, "masterId", out var target, out error)
                ? Run(http, (index, ct) => index.LinkAsync(identifier, target, ct))
                : Task.FromResult(PatientResults.BadRequest(error))));

        app.MapPost("/patients/unlink", (HttpRequest request) => WithBody<UnlinkPatientRequest>(request, (http, body) =>
            PatientInput.TryIdentifier(body.Issuer, body.PatientId, out var identifier, out var error)
                ? Run(http, (index, ct) => index.UnlinkAsync(identifier, ct))
                : Task.FromResult(PatientResults.BadRequest(error))));

        app.MapPost("/patients/merge", (HttpRequest request) => WithBody<MergePatientsRequest>(request, (http, body) =>
            PatientInput.TryMasterId(body.Survivor, "survivor", out var survivor, out var error)
                && PatientInput.TryMasterId(body.Merged, "merged", out var merged, out error)
                ? Run(http, (index, ct) => index.MergeAsync(survivor, merged, ct))
                : Task.FromResult(PatientResults.BadRequest(error))));
    }

    private static async Task<IResult> WithBody<T>(HttpRequest request, Func<HttpContext, T, Task<IResult>> handle)
        where T : class
    {
        var (body, error) = await PatientBody.ReadAsync<T>(request, request.HttpContext.RequestAborted);
        return error ?? await handle(request.HttpContext, body!);
    }

    // The index may not have started yet (the node is joining): 503, not a wait. A region that does not answer in
    // time surfaces as PatientIndexError.Unavailable (503) or, from the location query, as the global 503 handler.
    private static async Task<IResult> Run(HttpContext http, Func<MasterPersonIndex, CancellationToken, Task<PatientRecord>> operation,
        bool refusedIsBadInput = false)
    {
        if (http.RequestServices.GetService<PatientIndexSource>()?.Current is not { } index)
            return PatientResults.Unavailable("the master person index has not started on this node yet; retry");
        try
        {
            var record = await operation(index, http.RequestAborted);
            var views = new PatientViews(http.RequestServices.GetRequiredService<ShardRegions>(),
                http.RequestServices.GetRequiredService<ActorSystem>());
            return Results.Ok(await views.Of(record, http.RequestAborted));
        }
        catch (PatientIndexException e)
        {
            return PatientResults.Of(e, refusedIsBadInput);
        }
    }
}
