using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Peake.Cluster.Sites;
using Peake.Management.Contracts;
using Peake.Management.Replication;
using Peake.Management.Shards;

namespace Peake.Management.Sites;

/// <summary>
/// GET /sites: every site of sites.conf (in its order) with its live nodes' DICOM endpoints, from the node directory
/// (each node's own <c>NodeInfo</c>: the host, port and AE title it was started with), and the calling AE titles of
/// its hospitals, which are the only ones its gateways accept. A site without a live node lists none.
/// </summary>
internal static class SiteRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/sites", (SiteMap sites, ReplicationSource replication) =>
        {
            if (replication.Current is not { } handles)
                return Unavailable.Because("replication (and with it the node directory) has not started on this node yet");
            var live = handles.Directory.Live.ToLookup(n => n.Site, StringComparer.Ordinal);
            return Results.Ok(sites.Sites.Select(site => new SiteDto(
                site.Name,
                [.. live[site.Name]
                    .OrderBy(n => n.Address, StringComparer.Ordinal)
                    .Select(n => new SiteNodeDto(n.Address, new DicomEndpointDto(n.DicomHost, n.DicomPort, n.DicomAeTitle), n.DicomWebUrl))],
                [.. site.Hospitals.Select(h => h.AeTitle)])).ToList());
        });
    }
}
