using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Peake.Cluster.Location;
using Peake.Cluster.Sites;
using Peake.Cluster.Studies;
using Peake.Dicom;
using Peake.Management.Contracts;
using Peake.Management.Replication;
using Peake.Management.Sharding;
using Peake.Management.Shards;
using Peake.Replication;
using Peake.Replication.Coordinator;

namespace Peake.Management.Studies;

/// <summary>
/// GET /studies/{uid}: the study as its <c>StudyActor</c> records it (series, instances, content hash and size, last
/// access) and, per instance, the live copies the replication coordinator knows. The study is asked at its home site
/// as the location directory knows it, else at this node's site, whose incarnation replays the journal and forwards
/// to the owner (ADR 0019). 400 for a malformed UID, 404 for a study never recorded, 503 while the region or replication is
/// not started here or a part of the cluster does not answer in time.
/// </summary>
internal static class StudyRoutes
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/studies/{uid}", async (string uid, ShardRegions regions, ReplicationSource replication, ActorSystem system,
            CancellationToken ct) =>
        {
            if (!DicomUid.IsValid(uid))
                return Results.BadRequest(new ErrorResponse($"'{uid}' is not a Study Instance UID (PS3.5 9.1: digits and dots, at most 64 characters)"));
            if (regions.RegionOf(StudySharding.TypeName) is not { } region)
                return Unavailable.Because("the 'study' region has not started on this node yet");
            if (replication.Current is not { } handles)
                return Unavailable.Because("replication has not started on this node yet");

            var cluster = Akka.Cluster.Cluster.Get(system);
            var home = await LocationDirectory.Get(system).HomeSiteOfAsync(StudySharding.TypeName, uid, ct)
                ?? SiteRole.SiteOf(cluster.SelfMember.Roles);
            if (home is null)
                return Unavailable.Because("this node has no site role yet");
            var view = await region.Ask<StudyView>(new GetStudy(home, uid), AskTimeout, ct);
            if (!view.Exists)
                return Results.NotFound(new ErrorResponse($"no study {uid} in the catalog"));

            var hashes = view.Series
                .SelectMany(s => s.Instances)
                .SelectMany(i => i.OlderHashes.Prepend(i.Hash))
                .Where(h => h.Length > 0)
                .Distinct(StringComparer.Ordinal)
                .ToArray();
            var copies = hashes.Length == 0
                ? new Dictionary<string, CopyDto[]>(StringComparer.Ordinal)
                : (await handles.CoordinatorProxy.Ask<CopiesView>(new GetCopies(hashes), AskTimeout, ct)).Entries
                    .ToDictionary(
                        e => e.Hash,
                        e => e.Copies.OrderBy(c => c.Address, StringComparer.Ordinal).Select(c => new CopyDto(c.Address, c.Site)).ToArray(),
                        StringComparer.Ordinal);
            CopyDto[] CopiesOf(string hash) => copies.GetValueOrDefault(hash) ?? [];

            return Results.Ok(new StudyResponse(
                view.StudyInstanceUid,
                view.PatientMasterId,
                view.HomeSite,
                view.InstanceCount,
                [.. view.Series.Select(s => new StudySeriesDto(
                    s.SeriesInstanceUid,
                    [.. s.Instances.Select(i => new StudyInstanceDto(
                        i.SopInstanceUid, i.SopClassUid, i.TransferSyntaxUid, i.Hash, i.Size, CopiesOf(i.Hash),
                        [.. i.OlderHashes.Select(h => new OlderVersionDto(h, CopiesOf(h)))]))]))],
                view.LastAccess is { } access ? new StudyAccessDto(access.AtUtc, access.HospitalAe, access.Via, access.Count) : null));
        });
    }
}
