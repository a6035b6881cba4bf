using System.Text.Json;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Peake.Management.Contracts;

namespace Peake.Management.Members;

internal static class MemberRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/cluster/members", (ActorSystem system) => MembersView.Of(Akka.Cluster.Cluster.Get(system)));
        // {**address}: an unencoded Akka address contains "//"; an encoded one arrives with its %2F kept by Kestrel.
        app.MapPut("/cluster/members/{**address}", async (string address, HttpRequest request, ActorSystem system) =>
        {
            var operation = await ReadOperation(request);
            if (operation is null)
                return Results.BadRequest(new ErrorResponse("the body must be {\"operation\":\"Leave\"} or {\"operation\":\"Down\"}"));
            var cluster = Akka.Cluster.Cluster.Get(system);
            var member = MemberAddress.Find(cluster.State.Members, address);
            if (member is null)
                return Results.NotFound(new ErrorResponse($"no member '{Uri.UnescapeDataString(address)}' in this node's view"));
            if (operation == "leave")
            {
                cluster.Leave(member.Address);
                return Results.Ok(new MessageResponse($"Leaving {member.Address}"));
            }
            cluster.Down(member.Address);
            return Results.Ok(new MessageResponse($"Downing {member.Address}"));
        });
    }

    // "leave" / "down" (case-insensitive), or null for anything else, malformed JSON included.
    private static async Task<string?> ReadOperation(HttpRequest request)
    {
        try
        {
            var body = await request.ReadFromJsonAsync<MemberOperationRequest>(request.HttpContext.RequestAborted);
            var op = body?.Operation?.Trim().ToLowerInvariant();
            return op is "leave" or "down" ? op : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or BadHttpRequestException)
        {
            return null;
        }
    }
}
