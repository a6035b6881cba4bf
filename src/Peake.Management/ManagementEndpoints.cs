using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Peake.Management.Auth;
using Peake.Management.Contracts;
using Peake.Management.Entities;
using Peake.Management.Health;
using Peake.Management.Members;
using Peake.Management.Metrics;
using Peake.Management.Patients;
using Peake.Management.Replication;
using Peake.Management.Shards;
using Peake.Management.Sites;
using Peake.Management.Studies;

namespace Peake.Management;

/// <summary>
/// The management HTTP API of a node (our stand-in for Akka.Management and Petabridge.Cmd). Every route but /metrics
/// (Prometheus text, ADR 0034) needs the bearer token; answers are camelCase JSON; bad input is a 400 with a reason,
/// unknown routes a 404, and a failure inside a route a 500/503 with a reason, never a dropped connection.
/// </summary>
public static class ManagementEndpoints
{
    /// <summary>Registers the token and the standard ready checks; the host adds <see cref="Sharding.ShardRegions"/>,
    /// the <see cref="Peake.Cluster.Sites.SiteMap"/> and the <see cref="ActorSystem"/>.</summary>
    public static IServiceCollection AddPeakeManagement(this IServiceCollection services, ManagementToken token)
    {
        services.AddSingleton(token);
        // The host registers its own instance first (it starts replication); a host without replication gets an
        // empty one and its replication routes answer 503.
        services.TryAddSingleton<ReplicationSource>();
        services.AddSingleton<IReadyCheck, MemberUpCheck>();
        services.AddSingleton<IReadyCheck, ShardingStartedCheck>();
        services.AddSingleton<IReadyCheck, JournalCheck>();
        services.AddSingleton<IReadyCheck, ReplicationStartedCheck>();
        services.AddSingleton<MetricsCollector>();
        return services;
    }

    /// <param name="app">The node's web application.</param>
    /// <param name="ownAuthentication">
    /// Path prefixes whose endpoints check their own credentials (the node-to-node blob transfer, with the cluster
    /// secret): the management token is not asked of them, so that the token alone cannot write blobs. Compared without
    /// case, as routing is: a peer spelling the path differently still reaches the same endpoints with the same check.
    /// </param>
    public static WebApplication MapPeakeManagement(this WebApplication app, params string[] ownAuthentication)
    {
        app.UseExceptionHandler(errors => errors.Run(WriteFailure));
        app.UseWhen(
            context => !ownAuthentication.Append(MetricsRoutes.Path).Any(prefix => context.Request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase)),
            guarded => guarded.UseMiddleware<TokenAuthentication>());
        ReadyRoutes.Map(app);
        // Resolved now, before the host starts: the listener must count from the first C-FIND on, not the first scrape.
        MetricsRoutes.Map(app, app.Services.GetRequiredService<MetricsCollector>());
        MemberRoutes.Map(app);
        ShardRoutes.Map(app);
        EntityRoutes.Map(app);
        PatientRoutes.Map(app);
        SiteRoutes.Map(app);
        StudyRoutes.Map(app);
        ReplicaRoutes.Map(app);
        app.MapFallback(() => Results.NotFound(new ErrorResponse("no such route")));
        return app;
    }

    // A route that threw: a region that did not answer in time is "unavailable, retry"; anything else is ours (500).
    private static Task WriteFailure(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var timedOut = error is AskTimeoutException or TimeoutException or TaskCanceledException;
        context.Response.StatusCode = timedOut ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;
        var message = timedOut
            ? "the cluster did not answer in time; retry"
            : $"internal error: {error?.GetType().Name}: {error?.Message}";
        return context.Response.WriteAsJsonAsync(new ErrorResponse(message));
    }
}
