using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Peake.Management.Contracts;
using Peake.Management.Members;
using Peake.Management.Shards;
using Peake.Replication;
using Peake.Replication.Coordinator;

namespace Peake.Management.Replication;

/// <summary>
/// The replication coordinator over HTTP (ADR 0027): GET /replicas/check (its report), POST /nodes/{address}/drain
/// (202 accepted with the number of copies to move, 409 refused with the coordinator's reason) and GET
/// /nodes/{address}/drain (progress). {address} is the member's Akka address or its host:port, escaped as one path
/// segment, as for /cluster/members; a node that is not a member is 404 (a drain needs the node alive: its copies are
/// moved before it goes). The coordinator is a cluster singleton: when it does not answer in time (moving to another
/// node, or the cluster has no oldest member), the answer is 503.
/// </summary>
internal static class ReplicaRoutes
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/replicas/check", async (ReplicationSource replication, CancellationToken ct) =>
        {
            if (replication.Current is not { } handles)
                return NotStarted();
            var r = await handles.CoordinatorProxy.Ask<ReplicaReport>(CheckReplicas.Instance, AskTimeout, ct);
            return Results.Ok(new ReplicaCheckResponse(
                r.Instances, r.UnderReplicated, r.OverReplicated, r.Corrupt, r.RepairsInFlight, r.Orphans, r.CatalogCaughtUp,
                r.LastSweepUtc, r.RepairsCompleted, r.CopiesTrimmed));
        });

        app.MapPost("/nodes/{address}/drain", async (string address, ReplicationSource replication, ActorSystem system, CancellationToken ct) =>
        {
            if (replication.Current is not { } handles)
                return NotStarted();
            if (Member(system, address) is not { } member)
                return NoMember(address);
            var answer = await handles.CoordinatorProxy.Ask<object>(new DrainNode(member), AskTimeout, ct);
            return answer switch
            {
                DrainAccepted a => Results.Json(new DrainAcceptedResponse(a.Address, a.Copies), statusCode: StatusCodes.Status202Accepted),
                DrainRefused r => Results.Conflict(new ErrorResponse($"drain of {r.Address} refused: {r.Reason}")),
                _ => throw new InvalidOperationException($"the coordinator answered {answer.GetType().Name}"),
            };
        });

        app.MapGet("/nodes/{address}/drain", async (string address, ReplicationSource replication, ActorSystem system, CancellationToken ct) =>
        {
            if (replication.Current is not { } handles)
                return NotStarted();
            if (Member(system, address) is not { } member)
                return NoMember(address);
            var p = await handles.CoordinatorProxy.Ask<DrainProgress>(new GetDrain(member), AskTimeout, ct);
            return Results.Ok(new DrainProgressResponse(p.Address, p.Remaining, p.Done));
        });
    }

    private static string? Member(ActorSystem system, string address) =>
        MemberAddress.Find(Akka.Cluster.Cluster.Get(system).State.Members, address)?.Address.ToString();

    private static IResult NoMember(string address) =>
        Results.NotFound(new ErrorResponse($"no member '{Uri.UnescapeDataString(address)}' in this node's view"));

    private static IResult NotStarted() => Unavailable.Because("replication has not started on this node yet");
}
